import { type OpenMetricsContentType, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counter, gauge, histogram } from './create-metric.js';
import { DEPENDENCY_METRICS } from './metrics/dependency.js';
import { WEBHOOK_METRICS } from './metrics/webhook-processor.js';

/** The kind of registry the services use: OpenMetrics, the format that carries exemplars. */
function openMetricsRegistry() {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

describe('metrics from their declaration', () => {
  it('take name, help, labels and buckets from the registry', async () => {
    const registry = openMetricsRegistry();
    counter(registry, WEBHOOK_METRICS.received).inc({ source: 'webhook' });
    histogram(registry, DEPENDENCY_METRICS.callDuration).observe({
      labels: { service: 's', dependency: 'crm', family: 'none', outcome: 'success' },
      value: 0.02,
    });
    const text = await registry.metrics();
    expect(text).toContain(`# HELP webhook_events_received ${WEBHOOK_METRICS.received.help}`);
    expect(text).toContain('webhook_events_received_total{source="webhook"} 1');
    expect(text).toContain('# TYPE lab_dependency_call_duration_seconds histogram');
    expect(text).toContain('lab_dependency_call_duration_seconds_bucket{le="0.025",service="s",dependency="crm"');
  });

  it('reuse the metric already in the registry (two emitters, one registry)', () => {
    const registry = openMetricsRegistry();
    expect(counter(registry, DEPENDENCY_METRICS.calls)).toBe(counter(registry, DEPENDENCY_METRICS.calls));
  });

  it('refuse a declaration of another type', () => {
    expect(() => gauge(new Registry(), WEBHOOK_METRICS.received)).toThrow(
      'webhook_events_received_total is declared as a counter, not a gauge',
    );
  });

  it('read a gauge at scrape time with its collect', async () => {
    const registry = new Registry();
    gauge(registry, WEBHOOK_METRICS.deadLetterDepth, function () {
      this.set(7);
    });
    expect(await registry.metrics()).toContain('webhook_dead_letter_depth 7');
  });
});
