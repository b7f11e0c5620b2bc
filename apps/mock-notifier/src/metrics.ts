import { counter, DEFAULT_METRIC_PREFIXES, MOCK_NOTIFIER_METRICS } from '@lab/signals';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The notifier's own Prometheus metrics (one registry per app instance), as the telemetry registry declares them. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRIC_PREFIXES['mock-notifier'] });
  const m = MOCK_NOTIFIER_METRICS;
  return {
    registry,
    requests: counter(registry, m.requests),
    deliveries: counter(registry, m.deliveries),
    duplicates: counter(registry, m.duplicates),
    effects: counter(registry, m.effects),
    duplicateEffects: counter(registry, m.duplicateEffects),
    faults: counter(registry, m.faults),
  };
}

export type NotifierMetrics = ReturnType<typeof createMetrics>;
