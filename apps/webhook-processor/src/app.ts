import { hostname } from 'node:os';
import { createServiceContext, createServiceHttp, type ServiceContext } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebhookProcessorConfig } from './config.js';
import { createWebhookMetrics } from './metrics.js';
import { EnqueueBuffer } from './notifications/enqueue-buffer.js';
import { NotificationSubscriber } from './notifications/subscriber.js';
import { RedisIntake } from './queue/intake.js';
import { QueueStats } from './queue/queue-stats.js';
import { SeenLru } from './queue/seen-lru.js';
import type { StreamKeys } from './queue/streams.js';
import { webhookRoutes } from './routes/webhooks.js';
import { EntryProcessor } from './worker/entry-processor.js';
import { StreamWorker } from './worker/stream-worker.js';

export interface WebhookProcessorApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  subscriber: NotificationSubscriber;
  worker: StreamWorker;
  /** Starts the subscriber and the worker (each unless disabled in the config). */
  startWork(): void;
  /** Closes the socket and stops the worker after its current batch. */
  stopWork(): Promise<void>;
}

/**
 * webhook-processor: signed webhooks and Genesys notifications into a Redis stream, delivered to the notifier by a
 * consumer-group worker. Tests drive the HTTP side with inject(); main.ts listens and starts the background work.
 */
export async function buildApp(
  config: WebhookProcessorConfig,
  deps: { logger?: Logger } = {},
): Promise<WebhookProcessorApp> {
  const ctx = createServiceContext({ service: 'webhook-processor', config, ...deps });
  // Create both callers up front, so /healthz shows their state before the first call.
  ctx.caller('genesys');
  ctx.caller('notifier');
  const keys: StreamKeys = {
    events: config.EVENTS_STREAM,
    dead: config.DEAD_LETTER_STREAM,
    group: config.CONSUMER_GROUP,
  };
  const stats = new QueueStats(ctx.redis, keys);
  const metrics = createWebhookMetrics(ctx.registry, stats);
  const seen = new SeenLru(config.REPLAY_LRU_SIZE, config.REPLAY_TTL_SECONDS * 1_000);
  const intake = new RedisIntake({
    redis: ctx.redis,
    keys,
    seen,
    replayTtlSeconds: config.REPLAY_TTL_SECONDS,
    timeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    limits: { maxPayloadDepth: config.QUEUE_MAX_PAYLOAD_DEPTH, maxItemBytes: config.QUEUE_MAX_ITEM_BYTES },
  });

  const buffer = new EnqueueBuffer({
    intake,
    logger: ctx.logger,
    capacity: 10_000,
    retryMs: 1_000,
    onResult: (result) => {
      if (result.outcome === 'accepted') metrics.received.inc({ source: 'websocket' });
    },
    onUnavailable: () => metrics.unavailable.inc({ source: 'websocket' }),
    onDeadLettered: () => metrics.processed.inc({ outcome: 'dead_lettered' }),
    onDropped: () => metrics.dropped.inc(),
  });
  const subscriber = new NotificationSubscriber({
    ctx,
    metrics,
    buffer,
    topics: config.NOTIFICATION_TOPICS,
    queueTopicCount: config.QUEUE_TOPIC_COUNT,
    pingIntervalMs: config.PING_INTERVAL_MS,
    idleTimeoutMs: config.SOCKET_IDLE_TIMEOUT_MS,
    reconnect: { baseMs: config.RECONNECT_BASE_MS, maxMs: config.RECONNECT_MAX_MS },
  });
  const consumer = config.REPLICA_ID ?? `${hostname()}-${process.pid}`;
  const processor = new EntryProcessor({
    ctx,
    keys,
    metrics,
    notifierUrl: config.NOTIFIER_URL,
    maxDeliveries: config.MAX_DELIVERIES,
    itemTimeoutMs: config.ITEM_TIMEOUT_MS,
    processedTtlSeconds: config.PROCESSED_TTL_SECONDS,
    consumer,
    poison: { maxCountedFailures: config.MAX_COUNTED_FAILURES, maxAgeMs: config.MAX_ENTRY_AGE_MS },
  });
  const worker = new StreamWorker({
    ctx,
    keys,
    processor,
    consumer,
    consumerIdleMaxMs: config.CONSUMER_IDLE_MAX_MS,
    onConsumerRemoved: () => metrics.consumersRemoved.inc(),
    batchSize: config.WORKER_BATCH_SIZE,
    blockMs: config.WORKER_BLOCK_MS,
    retry: { baseMs: config.RETRY_BASE_MS, maxMs: config.RETRY_MAX_MS },
  });

  const app = createServiceHttp(ctx, () => ({
    websocket: config.NOTIFICATIONS_ENABLED ? subscriber.health() : { state: 'disabled' },
    worker: config.WORKER_ENABLED ? worker.health() : { state: 'disabled' },
    queue: stats.snapshot(),
  }));
  // Fresh queue sizes for /healthz (bounded: QueueStats never waits long on Redis).
  app.addHook('onRequest', async (request) => {
    if (request.url.split('?')[0] === '/healthz') await stats.refresh();
  });
  await app.register(async (scope) =>
    webhookRoutes(scope, {
      intake,
      metrics,
      secret: config.WEBHOOK_SECRET,
      toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
    }),
  );

  return {
    app,
    ctx,
    subscriber,
    worker,
    startWork: () => {
      if (config.NOTIFICATIONS_ENABLED) subscriber.start();
      if (config.WORKER_ENABLED) worker.start();
    },
    stopWork: async () => {
      await Promise.all([subscriber.stop(), worker.stop()]);
      await buffer.close();
    },
  };
}
