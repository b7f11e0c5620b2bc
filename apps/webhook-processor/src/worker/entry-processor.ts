import { failureReason, isClientError, isRejection } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';
import type { WebhookMetrics } from '../metrics.js';
import { SeenLru } from '../queue/seen-lru.js';
import { execAll, processedKey, type StreamEntry, type StreamKeys } from '../queue/streams.js';
import { enrich } from './enrich.js';
import { notify } from './notify.js';
import {
  type FailureContext,
  type PoisonRule,
  parseFailureRecord,
  poisonReason,
  queuedAtOf,
  recordRealFailure,
} from './poison-rule.js';

export type EntryOutcome = 'processed' | 'duplicate' | 'dead_lettered' | 'retry';

export interface EntryProcessorOptions {
  ctx: ServiceContext;
  keys: StreamKeys;
  metrics: WebhookMetrics;
  notifierUrl: string;
  maxDeliveries: number;
  itemTimeoutMs: number;
  processedTtlSeconds: number;
  /** This worker's consumer name: a delivery given back is re-claimed in it. */
  consumer: string;
  /** When an entry whose deliveries are given back is dead-lettered all the same (poison-rule.ts). */
  poison: PoisonRule;
}

/**
 * What happens to one stream entry, delivered for the `deliveries`-th time:
 * 1. already delivered (`webhook:processed:<eventId>` exists): acknowledge, count a duplicate, do nothing else;
 * 2. enrich from Genesys, then POST to the notifier with the eventId as idempotency key (bounded by itemTimeoutMs);
 * 3. success: SET processed NX EX, XACK and XDEL in one MULTI;
 * 4. failure: leave it pending (the reclaimer retries it later), unless it was the last allowed delivery or the
 *    notifier refused the request itself (a 4xx other than 429 will never succeed): then the dead-letter stream.
 *    A failure that says nothing of the entry does not use up a delivery: a rejection by our own policies (breaker
 *    open, bulkhead full, no rate budget) or a failure that leaves the dependency's breaker open (an outage): the
 *    delivery count is given back (XCLAIM ... RETRYCOUNT), so a long outage delays entries, never dead-letters them.
 *    A real failed attempt (not a rejection) is also recorded against the entry (<events>:failures): an entry
 *    that keeps failing while other entries are delivered, or still fails past the age bound, is dead-lettered
 *    even though its deliveries were given back (poison-rule.ts).
 * Never rejects. A crash anywhere before step 3 leaves the entry pending: at-least-once.
 */
export class EntryProcessor {
  /** Delivered, but the acknowledgement failed (Redis): the retry acknowledges without notifying again. */
  private readonly deliveredUnacked = new SeenLru(10_000, 3_600_000);
  /** Hash entryId -> FailureRecord (JSON) of the entries that really failed and are still pending. */
  private readonly failuresKey: string;
  /** When an entry was last delivered (epoch ms), by any replica. */
  private readonly lastDeliveryKey: string;

  constructor(private readonly options: EntryProcessorOptions) {
    this.failuresKey = `${options.keys.events}:failures`;
    this.lastDeliveryKey = `${options.keys.events}:last-delivery`;
  }

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
        const dependency = stage === 'notify' ? 'notifier' : 'genesys';
        const rejected = isRejection(error);
        if (!permanent && !rejected) {
          const poison = await this.noteRealFailure(entry);
          if (poison) return this.deadLetter(entry, deliveries, `${stage}: ${reason} (${poison})`);
        }
        if (!permanent && (rejected || ctx.caller(dependency).state().breaker !== 'closed')) {
          await this.giveBack(entry.id, deliveries);
          metrics.deliveriesGivenBack.inc({ stage });
          log.info({ stage, reason }, 'outage, not the entry: delivery given back, left pending');
          return 'retry';
        }
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
          .xdel(this.options.keys.events, entry.id)
          .hdel(this.failuresKey, entry.id)
          .set(this.lastDeliveryKey, String(Date.now())),
      );
    } catch (error) {
      this.deliveredUnacked.add(item.eventId);
      log.warn({ err: (error as Error).message }, 'delivered but not acknowledged: left pending');
      return 'retry';
    }
    metrics.processed.inc({ outcome: 'processed' });
    return 'processed';
  }

  /**
   * Sets the entry's delivery count back to what it was before this delivery (at least 1, so the reclaimer's
   * shortest backoff applies); the idle time restarts, so it is retried after that backoff. Best effort: if Redis
   * fails, the delivery simply counts.
   */
  private async giveBack(entryId: string, deliveries: number): Promise<void> {
    const { ctx, keys, consumer } = this.options;
    const count = Math.max(1, deliveries - 1);
    await ctx.redis
      .xclaim(keys.events, keys.group, consumer, 0, entryId, 'RETRYCOUNT', count, 'JUSTID')
      .catch((error: unknown) => ctx.logger.warn({ err: (error as Error).message, entryId }, 'give-back failed'));
  }

  /**
   * Records one real failed attempt of the entry (poison-rule.ts) and says whether it is to be dead-lettered now.
   * Best effort: if Redis fails, this attempt is not recorded and the entry is retried as before.
   */
  private async noteRealFailure(entry: StreamEntry): Promise<string | undefined> {
    const { ctx, poison } = this.options;
    try {
      const [stored, last] = await Promise.all([
        ctx.redis.hget(this.failuresKey, entry.id),
        ctx.redis.get(this.lastDeliveryKey),
      ]);
      const now = Date.now();
      const lastDeliveryAt = last ? Number(last) : undefined;
      const at: FailureContext = { now, queuedAt: queuedAtOf(entry.id) ?? now, lastDeliveryAt };
      const record = recordRealFailure(parseFailureRecord(stored), at);
      const reason = poisonReason(record, at, poison);
      if (!reason) {
        // The hash lives while failures keep coming: a record an entry left behind some other way ends with it.
        await execAll(
          ctx.redis
            .multi()
            .hset(this.failuresKey, entry.id, JSON.stringify(record))
            .pexpire(this.failuresKey, poison.maxAgeMs + 3_600_000),
        );
      }
      return reason;
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message, entryId: entry.id }, 'failure record not kept');
      return undefined;
    }
  }

  private async ack(entryId: string): Promise<void> {
    const { keys } = this.options;
    await execAll(
      this.options.ctx.redis
        .multi()
        .xack(keys.events, keys.group, entryId)
        .xdel(keys.events, entryId)
        .hdel(this.failuresKey, entryId),
    );
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
          .xdel(keys.events, entry.id)
          .hdel(this.failuresKey, entry.id),
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
