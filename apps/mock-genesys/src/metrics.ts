import { CounterTally, counter, DEFAULT_METRIC_PREFIXES, gauge, histogram, MOCK_GENESYS_METRICS } from '@lab/signals';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { RateBudgets } from './ratelimit/budgets.js';

/** The mock's own Prometheus metrics: the server-side truth experiments check the services against. */
export function createMetrics(budgets: () => RateBudgets, openSockets: () => number, channels: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: DEFAULT_METRIC_PREFIXES['mock-genesys'] });
  const m = MOCK_GENESYS_METRICS;
  const metrics = {
    registry,
    // Every request: tallied, handed to prom-client when read (see CounterTally).
    requests: new CounterTally(registry, m.requests),
    duration: histogram(registry, m.requestDuration),
    rateLimited: counter(registry, m.rateLimited),
    faults: counter(registry, m.faults),
    notificationEvents: counter(registry, m.notificationEvents),
  };
  gauge(registry, m.orgBudgetUsed, async function () {
    for (const usage of await budgets().orgUsage()) this.set({ family: usage.family }, usage.used);
  });
  gauge(registry, m.orgBudgetAllowed, async function () {
    for (const usage of await budgets().orgUsage()) this.set({ family: usage.family }, usage.allowed);
  });
  gauge(registry, m.notificationSockets, function () {
    this.set(openSockets());
  });
  gauge(registry, m.notificationChannels, function () {
    this.set(channels());
  });
  return metrics;
}

export type MockMetrics = ReturnType<typeof createMetrics>;
