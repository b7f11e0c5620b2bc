import * as echarts from 'echarts';
import type { LoadResult } from '../actions/load.js';

/** Latency (ms) and success per second over time for both sides, the fault window shaded: ECharts, server-side SVG. */
export function experimentChart(title: string, sides: { mode: string; load?: LoadResult }[]): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 760, height: 320 });
  const series: echarts.SeriesOption[] = [];
  for (const { mode, load } of sides) {
    if (!load) continue;
    series.push({
      name: `${mode} latency (ms)`,
      type: 'scatter',
      symbolSize: 4,
      data: load.samples.map((s) => [s.at / 1_000, s.latencyMs]),
      markArea: load.fault
        ? {
            itemStyle: { color: 'rgba(220,60,60,0.12)' },
            data: [[{ xAxis: load.fault.start / 1_000 }, { xAxis: load.fault.end / 1_000 }]],
          }
        : undefined,
    });
    const perSecond = new Map<number, { ok: number; all: number }>();
    for (const s of load.samples) {
      const second = Math.floor(s.at / 1_000);
      const bucket = perSecond.get(second) ?? { ok: 0, all: 0 };
      bucket.all++;
      if (s.ok) bucket.ok++;
      perSecond.set(second, bucket);
    }
    series.push({
      name: `${mode} success (%)`,
      type: 'line',
      yAxisIndex: 1,
      data: [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map(([t, b]) => [t + 0.5, (100 * b.ok) / b.all]),
    });
  }
  chart.setOption({
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 60 },
    xAxis: { type: 'value', name: 's', min: 0 },
    yAxis: [
      { type: 'value', name: 'ms' },
      { type: 'value', name: '%', min: 0, max: 100 },
    ],
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
