import type { Redis } from 'ioredis';
import { execAll, type RawEntry, type StreamKeys } from './streams.js';

/** One entry of the dead-letter stream, as `dead-letters list` shows it. */
export interface DeadLetter {
  /** Its id in the dead-letter stream. */
  id: string;
  eventId: string | undefined;
  reason: string | undefined;
  deliveries: number | undefined;
  failedAt: string | undefined;
  /** The original entry's fields (eventId, item): what a replay queues again. */
  fields: Record<string, string>;
}

/** Fields the dead-lettering adds to the original entry's. */
const ADDED = new Set(['reason', 'deliveries', 'entryId', 'failedAt']);

function deadLetterOf([id, list]: RawEntry): DeadLetter {
  const all: Record<string, string> = {};
  for (let i = 0; list && i + 1 < list.length; i += 2) all[list[i]!] = list[i + 1]!;
  const fields = Object.fromEntries(Object.entries(all).filter(([name]) => !ADDED.has(name)));
  return {
    id,
    eventId: all.eventId,
    reason: all.reason,
    deliveries: all.deliveries === undefined ? undefined : Number(all.deliveries),
    failedAt: all.failedAt,
    fields,
  };
}

/**
 * The dead-letter stream's operations, for the `dead-letters` command: list, replay (the original fields back
 * into the events stream, so the same eventId, hence the same Idempotency-Key, goes to the notifier: a replay of
 * something the notifier did get causes no second effect), purge.
 */
export class DeadLetters {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
  ) {}

  /** Oldest first, at most `limit`. */
  async list(limit = 100): Promise<DeadLetter[]> {
    return ((await this.redis.xrange(this.keys.dead, '-', '+', 'COUNT', limit)) as RawEntry[]).map(deadLetterOf);
  }

  /** The given dead letters (all, when `ids` is 'all'). */
  private async select(ids: string[] | 'all'): Promise<DeadLetter[]> {
    if (ids === 'all') return ((await this.redis.xrange(this.keys.dead, '-', '+')) as RawEntry[]).map(deadLetterOf);
    const found: DeadLetter[] = [];
    for (const id of ids) {
      const [entry] = (await this.redis.xrange(this.keys.dead, id, id)) as RawEntry[];
      if (!entry) throw new Error(`no dead letter ${id} in ${this.keys.dead}`);
      found.push(deadLetterOf(entry));
    }
    return found;
  }

  /** Queues each again (XADD to the events stream and XDEL from the dead letters, in one MULTI); answers the new ids. */
  async replay(ids: string[] | 'all'): Promise<{ id: string; eventId: string | undefined; queuedAs: string }[]> {
    const replayed = [];
    for (const letter of await this.select(ids)) {
      const multi = this.redis
        .multi()
        .xadd(this.keys.events, '*', ...Object.entries(letter.fields).flat())
        .xdel(this.keys.dead, letter.id);
      const results = await multi.exec();
      if (!results || results.some(([error]) => error)) throw new Error(`replay of ${letter.id} failed`);
      replayed.push({ id: letter.id, eventId: letter.eventId, queuedAs: String(results[0]?.[1]) });
    }
    return replayed;
  }

  /** Deletes the given dead letters (all: the stream itself); answers how many went. */
  async purge(ids: string[] | 'all'): Promise<number> {
    if (ids === 'all') {
      const count = await this.redis.xlen(this.keys.dead);
      await execAll(this.redis.multi().del(this.keys.dead));
      return count;
    }
    await this.select(ids); // every id must exist: a typo is an error, not a silent no-op
    return this.redis.xdel(this.keys.dead, ...ids);
  }
}
