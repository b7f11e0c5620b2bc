import * as echarts from 'echarts';
import type { LoadResult } from '../actions/load.js';

/** One colour set per side, so that a side's points, failures, success line and fault window match. */
const COLOURS: Record<string, { latency: string; failed: string; success: string; fault: string }> = {
  resilient: { latency: '#3b6fd6', failed: '#c0392b', success: '#2e9d5b', fault: 'rgba(59,111,214,0.13)' },
  naive: { latency: '#8a8a8a', failed: '#e67e22', success: '#e67e22', fault: 'rgba(230,126,34,0.13)' },
};

/**
 * Latency (ms) of every answer and success per second over time for both sides, each side's fault window
 * shaded in its own colour (a legend entry of its own), failed answers drawn apart from the good ones: ECharts,
 * server-side SVG (no browser).
 */
export function experimentChart(title: string, sides: { mode: string; load?: LoadResult }[]): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 820, height: 380 });
  const series: echarts.SeriesOption[] = [];
  for (const { mode, load } of sides) {
    if (!load) continue;
    const colour = COLOURS[mode] ?? (COLOURS.resilient as (typeof COLOURS)['resilient']);
    if (load.fault) {
      // An empty series that carries the shaded window, so the legend names whose window it is.
      series.push({
        name: `${mode} fault window`,
        type: 'line',
        data: [],
        itemStyle: { color: colour.fault },
        markArea: {
          silent: true,
          itemStyle: { color: colour.fault },
          label: { show: true, position: mode === 'naive' ? 'insideBottom' : 'insideTop', color: '#555', fontSize: 10 },
          data: [[{ name: `${mode} fault`, xAxis: load.fault.start / 1_000 }, { xAxis: load.fault.end / 1_000 }]],
        },
      });
    }
    const point = (s: { at: number; latencyMs: number }) => [s.at / 1_000, s.latencyMs];
    series.push({
      name: `${mode} latency (ms)`,
      type: 'scatter',
      symbolSize: 4,
      itemStyle: { color: colour.latency },
      data: load.samples.filter((s) => s.ok).map(point),
    });
    const failed = load.samples.filter((s) => !s.ok);
    if (failed.length > 0) {
      series.push({
        name: `${mode} failed`,
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 7,
        itemStyle: { color: colour.failed },
        data: failed.map(point),
      });
    }
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
      symbolSize: 5,
      lineStyle: { width: 2, color: colour.success, type: mode === 'naive' ? 'dashed' : 'solid' },
      itemStyle: { color: colour.success },
      data: [...perSecond.entries()].sort((a, b) => a[0] - b[0]).map(([t, b]) => [t + 0.5, (100 * b.ok) / b.all]),
    });
  }
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 13 } },
    // Two rows at most under the axis name; a fault window's entry is a swatch of its shade.
    legend: {
      bottom: 4,
      itemGap: 22,
      textStyle: { fontSize: 11 },
      data: series.map((s) => ({
        name: s.name as string,
        ...(String(s.name).endsWith('fault window') ? { icon: 'rect' } : {}),
      })),
    },
    grid: { left: 70, right: 70, top: 44, bottom: 104 },
    xAxis: { type: 'value', name: 'seconds since the load began', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: [
      { type: 'value', name: 'latency (ms)', nameLocation: 'middle', nameGap: 50, min: 0 },
      {
        type: 'value',
        name: 'success per second (%)',
        nameLocation: 'middle',
        nameGap: 40,
        min: 0,
        max: 105,
        interval: 25,
        axisLabel: { formatter: (v: number) => (v > 100 ? '' : String(v)) },
        splitLine: { show: false },
      },
    ],
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
