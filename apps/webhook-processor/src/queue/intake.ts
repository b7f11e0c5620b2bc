import type { Redis } from 'ioredis';
import type { WorkItem } from '../work-item.js';
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
  /** Resolves once the event is in the stream (or is a replay); rejects with QueueUnavailableError otherwise. */
  enqueue(item: WorkItem): Promise<IntakeResult>;
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
  constructor(
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
    private readonly seen: SeenLru,
    private readonly replayTtlSeconds: number,
    /** A Redis that answers nothing within this long counts as unreachable (the connection's command deadline). */
    private readonly timeoutMs = 500,
  ) {}

  async enqueue(item: WorkItem): Promise<IntakeResult> {
    if (this.seen.has(item.eventId)) return { outcome: 'replayed' };
    let entryId: unknown;
    try {
      const script = this.redis.eval(
        ENQUEUE,
        2,
        seenKey(item.eventId),
        this.keys.events,
        String(this.replayTtlSeconds),
        ...entryFields(item),
      );
      // If a slow script still lands after the timeout, the sender's retry is a 409: the event is in the stream.
      entryId = await Promise.race([script, rejectAfter(this.timeoutMs)]);
    } catch (error) {
      throw new QueueUnavailableError(error);
    }
    this.seen.add(item.eventId);
    return typeof entryId === 'string' ? { outcome: 'accepted', entryId } : { outcome: 'replayed' };
  }
}

function rejectAfter(ms: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
}
