import { describe, expect, it } from 'vitest';
import { METRIC_EMITTERS } from './metric-signal.js';
import { isDefaultMetric, METRICS } from './metrics/index.js';

describe('the metric registry', () => {
  it('declares each name once', () => {
    const names = METRICS.map((signal) => signal.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('follows Prometheus naming: counters end in _total, seconds in _seconds, histograms have buckets', () => {
    for (const signal of METRICS) {
      expect(signal.name, signal.name).toMatch(/^[a-z][a-z0-9_]*$/);
      if (signal.type === 'counter') expect(signal.name, signal.name).toMatch(/_total$/);
      else expect(signal.name, signal.name).not.toMatch(/_total$/);
      if (signal.unit === 'seconds') expect(signal.name, signal.name).toMatch(/_seconds(_total)?$/);
      if (signal.type === 'histogram') expect(signal.buckets?.length, signal.name).toBeGreaterThan(0);
      for (const label of Object.keys(signal.labels)) expect(label, signal.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(signal.emittedBy.length, signal.name).toBeGreaterThan(0);
    }
  });

  it('tells the default process metrics apart, with each app’s prefix', () => {
    expect(isDefaultMetric('process_cpu_seconds_total', 'crm-sync')).toBe(true);
    expect(isDefaultMetric('mock_genesys_nodejs_heap_size_total_bytes', 'mock-genesys')).toBe(true);
    expect(isDefaultMetric('mock_genesys_requests_total', 'mock-genesys')).toBe(false);
    expect(isDefaultMetric('lab_breaker_state', 'scheduler')).toBe(false);
    expect(METRIC_EMITTERS).toHaveLength(7);
  });
});
