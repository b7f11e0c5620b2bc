import type { ChainableCommander, Redis } from 'ioredis';
import type { WorkItem } from '../work-item.js';

/** Where the durable queue lives in Redis. */
export interface StreamKeys {
  /** The events stream: one entry per accepted event, deleted once acknowledged. */
  events: string;
  /** The dead-letter stream: entries that failed MAX_DELIVERIES times, with the reason. */
  dead: string;
  group: string;
}

/** `webhook:seen:<eventId>`: the eventId was accepted (replays answer 409). */
export const seenKey = (eventId: string) => `webhook:seen:${eventId}`;
/** `webhook:processed:<eventId>`: the notifier acknowledged this event. */
export const processedKey = (eventId: string) => `webhook:processed:${eventId}`;

/** One entry read from the events stream. `item` is undefined when its fields are unreadable. */
export interface StreamEntry {
  id: string;
  item: WorkItem | undefined;
  /** The entry's fields as stored, for the dead-letter stream. */
  raw: Record<string, string>;
}

/** The fields XADD stores for a work item: its eventId (readable in redis-cli) and the item as JSON. */
export function entryFields(item: WorkItem, json = JSON.stringify(item)): string[] {
  return ['eventId', item.eventId, 'item', json];
}

/** An ioredis stream entry `[id, [field, value, ...]]` (fields null for an entry deleted meanwhile). */
export type RawEntry = [string, string[] | null];

export function parseEntry([id, fields]: RawEntry): StreamEntry {
  const raw: Record<string, string> = {};
  for (let i = 0; fields && i + 1 < fields.length; i += 2) raw[fields[i]!] = fields[i + 1]!;
  let item: WorkItem | undefined;
  try {
    const parsed = JSON.parse(raw.item ?? '') as Partial<WorkItem>;
    if (typeof parsed.eventId === 'string' && typeof parsed.topic === 'string') item = parsed as WorkItem;
  } catch {
    item = undefined;
  }
  return { id, item, raw };
}

/**
 * Creates the consumer group (and the stream) if missing. From id 0: entries added before any worker ever ran are
 * delivered too (acknowledged entries are deleted, so 0 never replays finished work).
 */
export async function ensureGroup(redis: Redis, keys: StreamKeys): Promise<void> {
  try {
    await redis.xgroup('CREATE', keys.events, keys.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

/** True for the error Redis answers when the group (or the stream) is gone, e.g. after a restart without data. */
export const isNoGroup = (error: unknown) => String((error as Error)?.message).includes('NOGROUP');

/** Runs a MULTI and throws if it was aborted or any command in it failed (ioredis resolves per-command errors). */
export async function execAll(multi: ChainableCommander): Promise<void> {
  const results = await multi.exec();
  if (!results) throw new Error('transaction aborted');
  const failed = results.find(([error]) => error);
  if (failed) throw failed[0];
}
