import { Counter, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf, sumOf } from './prometheus-text.js';

function registry(contentType?: typeof Registry.OPENMETRICS_CONTENT_TYPE) {
  const registry = new Registry<RegistryContentType>();
  if (contentType) registry.setContentType(contentType);
  const requests = new Counter({
    name: 'lab_requests_total',
    help: 'Requests',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
    enableExemplars: contentType !== undefined,
  });
  const duration = new Histogram({
    name: 'lab_duration_seconds',
    help: 'Duration',
    labelNames: ['route'] as const,
    buckets: [0.1, 1],
    registers: [registry],
  });
  return { registry, requests, duration };
}

// prom-client's types tie exemplar label names to the metric's own label names; at run time any name is allowed.
const traceLabel = { traceId: 'abc' } as unknown as Record<'route', string>;

describe('parsePrometheusText', () => {
  it('reads what prom-client writes: labels with escapes, counters, histogram buckets, sums and counts', async () => {
    const { registry: r, requests, duration } = registry();
    requests.inc({ route: '/a', status: '200' }, 3);
    requests.inc({ route: 'say "hi"\\\nthere', status: '503' });
    duration.observe({ route: '/a' }, 0.05);
    duration.observe({ route: '/a' }, 5);
    const samples = parsePrometheusText(await r.metrics());
    expect(samplesOf(samples, 'lab_requests_total')).toEqual([
      { name: 'lab_requests_total', labels: { route: '/a', status: '200' }, value: 3 },
      { name: 'lab_requests_total', labels: { route: 'say "hi"\\\nthere', status: '503' }, value: 1 },
    ]);
    expect(samplesOf(samples, 'lab_duration_seconds_bucket', { le: '+Inf' })[0]?.value).toBe(2);
    expect(samplesOf(samples, 'lab_duration_seconds_bucket', { le: '0.1' })[0]?.value).toBe(1);
    expect(sumOf(samples, 'lab_duration_seconds_sum', { route: '/a' })).toBeCloseTo(5.05);
    expect(sumOf(samples, 'lab_duration_seconds_count')).toBe(2);
  });

  it('reads OpenMetrics with exemplars, keeping the sample value and not the exemplar', async () => {
    const { registry: r, requests } = registry(Registry.OPENMETRICS_CONTENT_TYPE);
    requests.inc({ labels: { route: '/b', status: '200' }, value: 4, exemplarLabels: traceLabel });
    const text = await r.metrics();
    expect(text).toContain('# {traceId="abc"}');
    expect(sumOf(parsePrometheusText(text), 'lab_requests_total', { route: '/b' })).toBe(4);
  });

  it('reads timestamps, special values and empty label sets, and throws naming a malformed line', () => {
    const samples = parsePrometheusText('up 1 1700000000000\nx{} +Inf\ny NaN\n\n# HELP z z\n');
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ['up', 1],
      ['x', Number.POSITIVE_INFINITY],
      ['y', Number.NaN],
    ]);
    expect(() => parsePrometheusText('up{a="1" 2')).toThrow(/up\{a="1" 2/);
    expect(() => parsePrometheusText('up one')).toThrow(/one/);
  });
});

describe('sumOf', () => {
  it('adds the matching samples only, and is 0 when none match', () => {
    const samples = parsePrometheusText('c{k="a",s="1"} 2\nc{k="a",s="2"} 3\nc{k="b",s="1"} 7\nd 100\n');
    expect(sumOf(samples, 'c')).toBe(12);
    expect(sumOf(samples, 'c', { k: 'a' })).toBe(5);
    expect(sumOf(samples, 'c', { k: 'a', s: '2' })).toBe(3);
    expect(sumOf(samples, 'c', { k: 'zzz' })).toBe(0);
  });
});
