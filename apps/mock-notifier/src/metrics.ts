import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** The notifier's own Prometheus metrics (one registry per app instance). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mock_notifier_' });
  const requests = new Counter({
    name: 'mock_notifier_requests_total',
    help: 'Notifier API requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'mock_notifier_deliveries_total',
    help: 'Notifications accepted, repeats included (deliveries; effects are counted apart)',
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'mock_notifier_duplicate_deliveries_total',
    help: 'Notifications whose eventId had been delivered before',
    registers: [registry],
  });
  const effects = new Counter({
    name: 'mock_notifier_effects_total',
    help: 'Notifications that caused an effect: a repeat of an Idempotency-Key answers the first result and causes none',
    registers: [registry],
  });
  const duplicateEffects = new Counter({
    name: 'mock_notifier_duplicate_effects_total',
    help: 'Effects of an eventId that had had one before (a repeat without, or with another, Idempotency-Key)',
    registers: [registry],
  });
  const faults = new Counter({
    name: 'mock_notifier_faults_injected_total',
    help: 'Notifier API requests given an injected fault, by kind (error-rate, slow)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  return { registry, requests, deliveries, duplicates, effects, duplicateEffects, faults };
}

export type NotifierMetrics = ReturnType<typeof createMetrics>;
