import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RateBudgets } from './ratelimit/budgets.js';

/** The mock's own Prometheus metrics: the server-side truth experiments check the services against. */
export function createMetrics(budgets: () => RateBudgets, openSockets: () => number, channels: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mock_genesys_' });
  const requests = new Counter({
    name: 'mock_genesys_requests_total',
    help: 'Genesys API requests answered, by method, route, status and OAuth client',
    labelNames: ['method', 'route', 'status', 'client'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mock_genesys_request_duration_seconds',
    help: 'Time to answer a Genesys API request, including injected delays',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'mock_genesys_rate_limited_total',
    help: '429 answers from the rate limits, by budget scope (token or org), API family and client',
    labelNames: ['scope', 'family', 'client'] as const,
    registers: [registry],
  });
  const faults = new Counter({
    name: 'mock_genesys_faults_injected_total',
    help: 'Requests answered with an injected fault, by kind and route',
    labelNames: ['kind', 'route'] as const,
    registers: [registry],
  });
  const notificationEvents = new Counter({
    name: 'mock_genesys_notification_events_total',
    help: 'Frames sent on notification WebSockets, by topic kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'mock_genesys_org_budget_used',
    help: 'Calls counted in the current org-wide window, per API family',
    labelNames: ['family'] as const,
    registers: [registry],
    async collect() {
      for (const usage of await budgets().orgUsage()) this.set({ family: usage.family }, usage.used);
    },
  });
  new Gauge({
    name: 'mock_genesys_org_budget_allowed',
    help: 'Org-wide calls allowed per window, per API family',
    labelNames: ['family'] as const,
    registers: [registry],
    async collect() {
      for (const usage of await budgets().orgUsage()) this.set({ family: usage.family }, usage.allowed);
    },
  });
  new Gauge({
    name: 'mock_genesys_notification_sockets_open',
    help: 'Notification WebSockets currently connected',
    registers: [registry],
    collect() {
      this.set(openSockets());
    },
  });
  new Gauge({
    name: 'mock_genesys_notification_channels',
    help: 'Notification channels alive (created, not expired or evicted), with or without a socket',
    registers: [registry],
    collect() {
      this.set(channels());
    },
  });
  return { registry, requests, duration, rateLimited, faults, notificationEvents };
}

export type MockMetrics = ReturnType<typeof createMetrics>;
