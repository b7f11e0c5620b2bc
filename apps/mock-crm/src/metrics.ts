import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** The CRM's own Prometheus metrics (one registry per app instance). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mock_crm_' });
  const requests = new Counter({
    name: 'mock_crm_requests_total',
    help: 'CRM API requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const faults = new Counter({
    name: 'mock_crm_faults_injected_total',
    help: 'CRM API requests given an injected fault, by kind (error-rate, slow)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  return { registry, requests, faults };
}

export type CrmMetrics = ReturnType<typeof createMetrics>;
