import type { MetricsRegistry } from '@lab/service-kit';
import { counter, gauge, WEBHOOK_METRICS } from '@lab/signals';
import type { QueueStats } from './queue/queue-stats.js';

export type ProcessedOutcome = 'processed' | 'duplicate' | 'dead_lettered';
export type RejectReason = 'signature' | 'replay' | 'invalid' | 'too_deep' | 'too_large';

/**
 * webhook-processor's own metrics, in the service's registry (next to the dependency metrics of @lab/telemetry),
 * as the telemetry registry declares them. The queue gauges read Redis at scrape time.
 */
export function createWebhookMetrics(registry: MetricsRegistry, stats: QueueStats) {
  const m = WEBHOOK_METRICS;
  return {
    received: counter(registry, m.received),
    processed: counter(registry, m.processed),
    failures: counter(registry, m.failures),
    deliveriesGivenBack: counter(registry, m.deliveriesGivenBack),
    consumersRemoved: counter(registry, m.consumersRemoved),
    rejected: counter(registry, m.rejected),
    unavailable: counter(registry, m.unavailable),
    dropped: counter(registry, m.websocketDropped),
    reconnects: counter(registry, m.websocketReconnects),
    queueDepth: gauge(registry, m.queueDepth, async function () {
      const s = await stats.refresh();
      if (s.depth !== undefined) this.set({ state: 'stream' }, s.depth);
      if (s.pending !== undefined) this.set({ state: 'pending' }, s.pending);
    }),
    deadLetterDepth: gauge(registry, m.deadLetterDepth, async function () {
      const s = await stats.refresh();
      if (s.deadLetters !== undefined) this.set(s.deadLetters);
    }),
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
