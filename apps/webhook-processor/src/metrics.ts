import type { MetricsRegistry } from '@lab/service-kit';
import { Counter, Gauge } from 'prom-client';
import type { QueueStats } from './queue/queue-stats.js';

export type ProcessedOutcome = 'processed' | 'duplicate' | 'dead_lettered';
export type RejectReason = 'signature' | 'replay' | 'invalid';

/** webhook-processor's own metrics, in the service's registry (next to the dependency metrics of @lab/telemetry). */
export function createWebhookMetrics(registry: MetricsRegistry, stats: QueueStats) {
  const registers = [registry];
  return {
    received: new Counter({
      name: 'webhook_events_received_total',
      help: 'Events durably accepted into the queue, by source (webhook, websocket)',
      labelNames: ['source'] as const,
      registers,
    }),
    processed: new Counter({
      name: 'webhook_events_processed_total',
      help: 'Queue entries finished: processed (delivered), duplicate (already delivered), dead_lettered',
      labelNames: ['outcome'] as const,
      registers,
    }),
    failures: new Counter({
      name: 'webhook_delivery_failures_total',
      help: 'Failed processing attempts, left pending for a retry or dead-lettered, by reason',
      labelNames: ['stage', 'reason'] as const,
      registers,
    }),
    deliveriesGivenBack: new Counter({
      name: 'webhook_deliveries_given_back_total',
      help: 'Failed attempts that did not use up a delivery (a policy rejection or an open breaker: an outage, not the entry), by stage',
      labelNames: ['stage'] as const,
      registers,
    }),
    consumersRemoved: new Counter({
      name: 'webhook_consumers_removed_total',
      help: 'Consumers removed from the group after idling past CONSUMER_IDLE_MAX_MS with nothing pending',
      registers,
    }),
    rejected: new Counter({
      name: 'webhook_rejected_total',
      help: 'Webhooks refused: signature (401), replay (409), invalid (400)',
      labelNames: ['reason'] as const,
      registers,
    }),
    unavailable: new Counter({
      name: 'webhook_unavailable_total',
      help: 'Events not accepted because Redis was unreachable (webhooks: 503; websocket: buffered)',
      labelNames: ['source'] as const,
      registers,
    }),
    dropped: new Counter({
      name: 'webhook_websocket_events_dropped_total',
      help: 'Notification events dropped because the retry buffer was full while Redis was unreachable',
      registers,
    }),
    reconnects: new Counter({
      name: 'webhook_websocket_reconnects_total',
      help: 'Notification channel reconnections, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'webhook_queue_depth',
      help: 'Entries in the events stream (state="stream": not yet acknowledged) and delivered but unacknowledged (state="pending")',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const s = await stats.refresh();
        if (s.depth !== undefined) this.set({ state: 'stream' }, s.depth);
        if (s.pending !== undefined) this.set({ state: 'pending' }, s.pending);
      },
    }),
    deadLetterDepth: new Gauge({
      name: 'webhook_dead_letter_depth',
      help: 'Entries in the dead-letter stream',
      registers,
      async collect() {
        const s = await stats.refresh();
        if (s.deadLetters !== undefined) this.set(s.deadLetters);
      },
    }),
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
