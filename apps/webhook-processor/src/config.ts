import { resilienceOverridesWithDefaults, serviceConfigShape, topologyDefaults } from '@lab/service-kit';
import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const flag = () => z.stringbool();

/**
 * Policy settings this service wants unless RESILIENCE_OVERRIDES says otherwise (per dependency, per key): the
 * notifier path retries 429/503 (and 502/504, connection errors, timeouts; never 400/401) after about 1, 2, 4 s,
 * Retry-After winning, as the notification-breaker note asks.
 */
const DEFAULT_OVERRIDES = {
  notifier: {
    timeoutMs: 3_000,
    retry: { maxAttempts: 4, initialDelayMs: 1_000, maxDelayMs: 4_000, schedule: 'doubling' as const },
  },
};

const placed = topologyDefaults('webhook-processor');

/**
 * webhook-processor's settings: the common service ones, the webhook signature, the notification subscriber, the
 * Redis streams and the worker.
 */
export const webhookProcessorConfigSchema = z
  .object({
    ...serviceConfigShape,
    SERVICE_PORT: serviceConfigShape.SERVICE_PORT.default(placed.port),
    GENESYS_URL: serviceConfigShape.GENESYS_URL.default(placed.url('GENESYS_URL')),
    RESILIENCE_OVERRIDES: resilienceOverridesWithDefaults(DEFAULT_OVERRIDES),
    NOTIFIER_URL: z.url({ protocol: /^https?$/ }).default(placed.url('NOTIFIER_URL')),

    /** HMAC-SHA256 key of POST /webhooks/genesys (the lab's default is for the lab only). */
    WEBHOOK_SECRET: z.string().min(8).default('lab-webhook-secret'),
    /** A signed timestamp further than this from now (either way) is refused. */
    WEBHOOK_TOLERANCE_SECONDS: int(1).default(300),
    /** How long an accepted eventId is remembered in Redis (replays answer 409). */
    REPLAY_TTL_SECONDS: int(1).default(86_400),
    /** Accepted eventIds this process remembers itself, for when Redis is unreachable. */
    REPLAY_LRU_SIZE: int(1).default(10_000),

    NOTIFICATIONS_ENABLED: flag().default(true),
    /** Explicit topics (comma-separated); unset: v2.routing.queues.{id}.conversations of the first queues. */
    NOTIFICATION_TOPICS: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      )
      .optional(),
    QUEUE_TOPIC_COUNT: int(1, 100).default(3),
    /** {"message":"ping"} every so often; a socket silent for SOCKET_IDLE_TIMEOUT_MS is dropped and reopened. */
    PING_INTERVAL_MS: int(100).default(20_000),
    SOCKET_IDLE_TIMEOUT_MS: int(200).default(75_000),
    RECONNECT_BASE_MS: int(1).default(1_000),
    RECONNECT_MAX_MS: int(1).default(30_000),

    WORKER_ENABLED: flag().default(true),
    EVENTS_STREAM: z.string().min(1).default('webhook:events'),
    DEAD_LETTER_STREAM: z.string().min(1).default('webhook:dead'),
    CONSUMER_GROUP: z.string().min(1).default('processors'),
    WORKER_BATCH_SIZE: int(1, 100).default(10),
    WORKER_BLOCK_MS: int(10, 60_000).default(2_000),
    /** Deliveries of one entry before it goes to the dead-letter stream. */
    MAX_DELIVERIES: int(1, 100).default(5),
    /**
     * An entry whose deliveries are given back (an outage, not the entry) is dead-lettered all the same after this
     * many real failed attempts, each after another entry was delivered (a poison entry; worker/poison-rule.ts).
     */
    MAX_COUNTED_FAILURES: int(1, 1_000).default(10),
    /** An entry that has really failed and is older than this goes to the dead-letter stream (poison-rule.ts). */
    MAX_ENTRY_AGE_MS: int(1_000).default(86_400_000),
    /** Longest one item may take (enrichment and notification, retries included). */
    ITEM_TIMEOUT_MS: int(100).default(15_000),
    /** A failed entry is reclaimed once idle for RETRY_BASE_MS x 2^(deliveries-1), at most RETRY_MAX_MS. */
    RETRY_BASE_MS: int(10).default(20_000),
    RETRY_MAX_MS: int(10).default(300_000),
    /**
     * The queue's limits per event (webhooks: 400 / 413 naming them; notifications: the dead-letter stream). The
     * size equals the HTTP body limit (256 KiB): a webhook just under it can still be over once queued.
     */
    QUEUE_MAX_PAYLOAD_DEPTH: int(1, 1_000).default(32),
    QUEUE_MAX_ITEM_BYTES: int(1_024, 16 * 1_048_576).default(256 * 1_024),
    /** A consumer of the group idle longer than this with nothing pending (a replica gone) is removed from it. */
    CONSUMER_IDLE_MAX_MS: int(1_000).default(3_600_000),
    /** How long `webhook:processed:<eventId>` marks a delivered event. */
    PROCESSED_TTL_SECONDS: int(1).default(7 * 86_400),
  })
  .refine((c) => c.RETRY_BASE_MS >= c.ITEM_TIMEOUT_MS, {
    message: 'must be at least ITEM_TIMEOUT_MS, or an entry still being processed could be reclaimed',
    path: ['RETRY_BASE_MS'],
  })
  .refine((c) => c.RETRY_MAX_MS >= c.RETRY_BASE_MS, {
    message: 'must be at least RETRY_BASE_MS',
    path: ['RETRY_MAX_MS'],
  })
  .refine((c) => c.RECONNECT_MAX_MS >= c.RECONNECT_BASE_MS, {
    message: 'must be at least RECONNECT_BASE_MS',
    path: ['RECONNECT_MAX_MS'],
  });

export type WebhookProcessorConfig = z.infer<typeof webhookProcessorConfigSchema>;
