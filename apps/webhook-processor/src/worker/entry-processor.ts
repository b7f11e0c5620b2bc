import { failureReason, isClientError } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';
import type { WebhookMetrics } from '../metrics.js';
import { SeenLru } from '../queue/seen-lru.js';
import { execAll, processedKey, type StreamEntry, type StreamKeys } from '../queue/streams.js';
import { enrich } from './enrich.js';
import { notify } from './notify.js';

export type EntryOutcome = 'processed' | 'duplicate' | 'dead_lettered' | 'retry';

export interface EntryProcessorOptions {
  ctx: ServiceContext;
  keys: StreamKeys;
  metrics: WebhookMetrics;
  notifierUrl: string;
  maxDeliveries: number;
  itemTimeoutMs: number;
  processedTtlSeconds: number;
}

/**
 * What happens to one stream entry, delivered for the `deliveries`-th time:
 * 1. already delivered (`webhook:processed:<eventId>` exists): acknowledge, count a duplicate, do nothing else;
 * 2. enrich from Genesys, then POST to the notifier with the eventId as idempotency key (bounded by itemTimeoutMs);
 * 3. success: SET processed NX EX, XACK and XDEL in one MULTI;
 * 4. failure: leave it pending (the reclaimer retries it later), unless it was the last allowed delivery or the
 *    notifier refused the request itself (a 4xx other than 429 will never succeed): then the dead-letter stream.
 * Never rejects. A crash anywhere before step 3 leaves the entry pending: at-least-once.
 */
export class EntryProcessor {
  /** Delivered, but the acknowledgement failed (Redis): the retry acknowledges without notifying again. */
  private readonly deliveredUnacked = new SeenLru(10_000, 3_600_000);

  constructor(private readonly options: EntryProcessorOptions) {}

  async process(entry: StreamEntry, deliveries: number): Promise<EntryOutcome> {
    const { ctx, metrics, maxDeliveries } = this.options;
    const item = entry.item;
    if (!item) return this.deadLetter(entry, deliveries, 'malformed entry');
    if (deliveries > maxDeliveries) return this.deadLetter(entry, deliveries, 'max deliveries exceeded');
    const log = ctx.logger.child({ eventId: item.eventId, entryId: entry.id, deliveries });
    try {
      if ((await ctx.redis.exists(processedKey(item.eventId))) === 1) {
        await this.ack(entry.id);
        metrics.processed.inc({ outcome: 'duplicate' });
        return 'duplicate';
      }
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'idempotency check failed: left pending');
      return 'retry';
    }

    if (!this.deliveredUnacked.has(item.eventId)) {
      const signal = AbortSignal.timeout(this.options.itemTimeoutMs);
      let stage: 'enrich' | 'notify' = 'enrich';
      try {
        const enrichment = await enrich(ctx, item, signal);
        stage = 'notify';
        await notify(ctx, this.options.notifierUrl, item, enrichment, signal);
      } catch (error) {
        const reason = signal.aborted ? 'item-timeout' : failureReason(error);
        metrics.failures.inc({ stage, reason });
        const permanent = stage === 'notify' && isClientError(error);
        if (permanent || deliveries >= maxDeliveries) {
          return this.deadLetter(entry, deliveries, `${stage}: ${reason}${permanent ? ' (refused)' : ''}`);
        }
        log.warn({ stage, reason }, 'processing failed: left pending for a retry');
        return 'retry';
      }
    }

    try {
      await execAll(
        ctx.redis
          .multi()
          .set(processedKey(item.eventId), '1', 'EX', this.options.processedTtlSeconds, 'NX')
          .xack(this.options.keys.events, this.options.keys.group, entry.id)
          .xdel(this.options.keys.events, entry.id),
      );
    } catch (error) {
      this.deliveredUnacked.add(item.eventId);
      log.warn({ err: (error as Error).message }, 'delivered but not acknowledged: left pending');
      return 'retry';
    }
    metrics.processed.inc({ outcome: 'processed' });
    return 'processed';
  }

  private async ack(entryId: string): Promise<void> {
    const { keys } = this.options;
    await execAll(this.options.ctx.redis.multi().xack(keys.events, keys.group, entryId).xdel(keys.events, entryId));
  }

  /** XADD to the dead-letter stream with the reason, XACK and XDEL the entry, in one MULTI. */
  private async deadLetter(entry: StreamEntry, deliveries: number, reason: string): Promise<EntryOutcome> {
    const { ctx, keys, metrics } = this.options;
    try {
      await execAll(
        ctx.redis
          .multi()
          .xadd(
            keys.dead,
            '*',
            ...Object.entries(entry.raw).flat(),
            'reason',
            reason,
            'deliveries',
            String(deliveries),
            'entryId',
            entry.id,
            'failedAt',
            new Date().toISOString(),
          )
          .xack(keys.events, keys.group, entry.id)
          .xdel(keys.events, entry.id),
      );
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message, entryId: entry.id }, 'dead-lettering failed: left pending');
      return 'retry';
    }
    metrics.processed.inc({ outcome: 'dead_lettered' });
    ctx.logger.warn({ eventId: entry.item?.eventId, entryId: entry.id, deliveries, reason }, 'dead-lettered');
    return 'dead_lettered';
  }
}
