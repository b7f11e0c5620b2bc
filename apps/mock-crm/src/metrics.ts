import { counter, DEFAULT_METRIC_PREFIXES, MOCK_CRM_METRICS } from '@lab/signals';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The CRM's own Prometheus metrics (one registry per app instance), as the telemetry registry declares them. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRIC_PREFIXES['mock-crm'] });
  return {
    registry,
    requests: counter(registry, MOCK_CRM_METRICS.requests),
    faults: counter(registry, MOCK_CRM_METRICS.faults),
  };
}

export type CrmMetrics = ReturnType<typeof createMetrics>;
