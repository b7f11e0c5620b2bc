import type { Redis } from 'ioredis';
import type { StreamKeys } from '../queue/streams.js';

/** One consumer as XINFO CONSUMERS describes it. */
export interface ConsumerInfo {
  name: string;
  pending: number;
  /** Milliseconds since its last read or claim. */
  idle: number;
}

/** Parses XINFO CONSUMERS' reply: one flat [field, value, ...] array per consumer. */
export function parseConsumers(reply: unknown): ConsumerInfo[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((row: unknown) => {
    if (!Array.isArray(row)) return [];
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < row.length; i += 2) fields.set(String(row[i]), row[i + 1]);
    const name = fields.get('name');
    if (typeof name !== 'string') return [];
    return [{ name, pending: Number(fields.get('pending') ?? 0), idle: Number(fields.get('idle') ?? 0) }];
  });
}

/**
 * Removes from the group every other consumer idle longer than `maxIdleMs` with nothing pending: a replica that
 * died or was scaled away (each start of a process is a new consumer name). One with entries still pending stays
 * until the reclaimer has taken them over (XGROUP DELCONSUMER would drop its pending entries). Answers the names
 * removed.
 */
export async function removeIdleConsumers(
  redis: Redis,
  keys: StreamKeys,
  self: string,
  maxIdleMs: number,
): Promise<string[]> {
  const consumers = parseConsumers(await redis.xinfo('CONSUMERS', keys.events, keys.group));
  const removed: string[] = [];
  for (const c of consumers) {
    if (c.name === self || c.pending > 0 || c.idle <= maxIdleMs) continue;
    // DELCONSUMER answers the pending count it dropped: 0 here, unless an entry was claimed by it meanwhile
    const dropped = Number(await redis.xgroup('DELCONSUMER', keys.events, keys.group, c.name));
    if (dropped > 0) throw new Error(`consumer ${c.name} had ${dropped} pending entries when removed`);
    removed.push(c.name);
  }
  return removed;
}
