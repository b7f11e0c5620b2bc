import type { Redis } from 'ioredis';
import type { WorkItem } from '../work-item.js';
import { type ItemLimits, serializeItem } from './item-limits.js';
import type { SeenLru } from './seen-lru.js';
import { entryFields, type StreamKeys, seenKey } from './streams.js';

/** Redis could not record the event: nothing was accepted, the sender must try again. */
export class QueueUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`event store unreachable: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'QueueUnavailableError';
  }
}

export type IntakeResult = { outcome: 'accepted'; entryId: string } | { outcome: 'replayed' };

/** Where accepted events go: the webhook route and the notification subscriber both enqueue through it. */
export interface Intake {
  /**
   * Resolves once Redis acknowledged the event in the stream (or it is a replay). Rejects with
   * UnqueueableItemError when the event itself cannot be queued (a client mistake, before Redis is asked), with
   * QueueUnavailableError when Redis did not acknowledge it (an outage).
   */
  enqueue(item: WorkItem): Promise<IntakeResult>;
  /** Records an event that can never be queued in the dead-letter stream (QueueUnavailableError if Redis cannot). */
  deadLetter(item: WorkItem, reason: string): Promise<void>;
}

export interface RedisIntakeOptions {
  redis: Redis;
  keys: StreamKeys;
  seen: SeenLru;
  replayTtlSeconds: number;
  /** A Redis that answers nothing within this long counts as unreachable (the connection's command deadline). */
  timeoutMs?: number;
  limits: ItemLimits;
}

// SET NX and XADD in one script: either the event is recorded as seen AND in the stream, or neither. A separate
// SET then XADD could mark an event seen, fail the XADD, and turn the sender's retry into a 409: a lost event.
const ENQUEUE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
end
return false`;

/**
 * The durable intake: `SET webhook:seen:<eventId> NX EX <ttl>` and `XADD <events stream>` atomically (a Lua
 * script). An eventId seen before is a replay. While Redis is unreachable nothing can be accepted (a 503 for
 * webhooks), but replays of events this process accepted are still recognised from an in-process LRU.
 */
export class RedisIntake implements Intake {
  constructor(private readonly options: RedisIntakeOptions) {}

  async enqueue(item: WorkItem): Promise<IntakeResult> {
    const { redis, keys, seen } = this.options;
    if (seen.has(item.eventId)) return { outcome: 'replayed' };
    // Before Redis is asked: an event too deep or too large is refused as such, never as an outage.
    const json = serializeItem(item, this.options.limits);
    let entryId: unknown;
    try {
      const script = redis.eval(
        ENQUEUE,
        2,
        seenKey(item.eventId),
        keys.events,
        String(this.options.replayTtlSeconds),
        ...entryFields(item, json),
      );
      // If a slow script still lands after the timeout, the sender's retry is a 409: the event is in the stream.
      entryId = await Promise.race([script, rejectAfter(this.timeoutMs)]);
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
    seen.add(item.eventId);
    return typeof entryId === 'string' ? { outcome: 'accepted', entryId } : { outcome: 'replayed' };
  }

  async deadLetter(item: WorkItem, reason: string): Promise<void> {
    const { redis, keys } = this.options;
    const fields = ['eventId', item.eventId, 'topic', item.topic, 'source', item.source, 'reason', reason];
    try {
      const added = redis.xadd(keys.dead, '*', ...fields, 'receivedAt', item.receivedAt, 'failedAt', now());
      await Promise.race([added, rejectAfter(this.timeoutMs)]);
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 500;
  }
}

const now = () => new Date().toISOString();

function rejectAfter(ms: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}
