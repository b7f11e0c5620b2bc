import { metric } from '../metric-signal.js';

const emittedBy = ['webhook-processor'] as const;

/** webhook-processor's own metrics: intake, the Redis Stream queue, processing and the notification channel. */
export const WEBHOOK_METRICS = {
  received: metric({
    name: 'webhook_events_received_total',
    type: 'counter',
    help: 'Events durably accepted into the queue, by source (webhook, websocket)',
    unit: 'events',
    labels: { source: 'webhook (signed HTTP intake), websocket (notification channel)' },
    emittedBy,
  }),
  processed: metric({
    name: 'webhook_events_processed_total',
    type: 'counter',
    help: 'Queue entries finished: processed (delivered), duplicate (already delivered), dead_lettered',
    unit: 'entries',
    labels: { outcome: 'processed, duplicate, dead_lettered' },
    emittedBy,
  }),
  failures: metric({
    name: 'webhook_delivery_failures_total',
    type: 'counter',
    help: 'Failed processing attempts, left pending for a retry or dead-lettered, by reason',
    unit: 'attempts',
    labels: {
      stage: 'enrich (the Genesys lookup), notify (the notifier call)',
      reason: 'item-timeout, or the failureReason (http-<status>, timeout, breaker-open, connection, ...)',
    },
    emittedBy,
  }),
  deliveriesGivenBack: metric({
    name: 'webhook_deliveries_given_back_total',
    type: 'counter',
    help: 'Failed attempts that did not use up a delivery (a policy rejection or an open breaker: an outage, not the entry), by stage',
    unit: 'attempts',
    labels: { stage: 'the pipeline stage that failed: lookup, deliver' },
    emittedBy,
  }),
  consumersRemoved: metric({
    name: 'webhook_consumers_removed_total',
    type: 'counter',
    help: 'Consumers removed from the group after idling past CONSUMER_IDLE_MAX_MS with nothing pending',
    unit: 'consumers',
    labels: {},
    emittedBy,
  }),
  rejected: metric({
    name: 'webhook_rejected_total',
    type: 'counter',
    help: 'Webhooks refused: signature (401), replay (409), invalid (400), too_deep (400), too_large (413)',
    unit: 'requests',
    labels: { reason: 'signature, replay, invalid, too_deep, too_large' },
    emittedBy,
  }),
  unavailable: metric({
    name: 'webhook_unavailable_total',
    type: 'counter',
    help: 'Events not accepted because Redis was unreachable (webhooks: 503; websocket: buffered)',
    unit: 'events',
    labels: { source: 'webhook, websocket' },
    emittedBy,
  }),
  websocketDropped: metric({
    name: 'webhook_websocket_events_dropped_total',
    type: 'counter',
    help: 'Notification events dropped because the retry buffer was full while Redis was unreachable',
    unit: 'events',
    labels: {},
    emittedBy,
  }),
  websocketReconnects: metric({
    name: 'webhook_websocket_reconnects_total',
    type: 'counter',
    help: 'Notification channel reconnections, by reason',
    unit: 'reconnections',
    labels: { reason: 'socket_closing (platform maintenance), drop, replaced, stale, connect_failed' },
    emittedBy,
  }),
  queueDepth: metric({
    name: 'webhook_queue_depth',
    type: 'gauge',
    help: 'Entries in the events stream (state="stream": not yet acknowledged) and delivered but unacknowledged (state="pending")',
    unit: 'entries',
    labels: { state: 'stream, pending' },
    emittedBy,
  }),
  deadLetterDepth: metric({
    name: 'webhook_dead_letter_depth',
    type: 'gauge',
    help: 'Entries in the dead-letter stream',
    unit: 'entries',
    labels: {},
    emittedBy,
  }),
};
