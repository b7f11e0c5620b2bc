import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import type { WorkItem } from '../work-item.js';
import { QueueUnavailableError, RedisIntake } from './intake.js';
import { UnqueueableItemError } from './item-limits.js';
import { SeenLru } from './seen-lru.js';

const KEYS = { events: 'webhook:events', dead: 'webhook:dead', group: 'processors' };
const item = (eventId: string): WorkItem => ({
  eventId,
  source: 'webhook',
  topic: 't',
  payload: {},
  receivedAt: '2026-11-03T10:00:00.000Z',
});

/** A Redis whose EVAL runs the script's logic in memory, or fails while `down`. */
function fakeRedis() {
  const seen = new Set<string>();
  const stream: string[][] = [];
  const state = { down: false, hang: false };
  const evalFn = vi.fn(
    async (_script: string, _n: number, seenKey: string, _stream: string, ttl: string, ...fields: string[]) => {
      if (state.hang) return new Promise(() => {});
      if (state.down) throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
      expect(ttl).toBe('86400');
      if (seen.has(seenKey)) return null;
      seen.add(seenKey);
      stream.push(fields);
      return `${stream.length}-0`;
    },
  );
  return { redis: { eval: evalFn } as unknown as Redis, seen, stream, state, evalFn };
}

const options = (redis: Redis) => ({
  redis,
  keys: KEYS,
  seen: new SeenLru(10, 60_000),
  replayTtlSeconds: 86_400,
  limits: { maxPayloadDepth: 4, maxItemBytes: 10_000 },
});

describe('RedisIntake', () => {
  it('refuses an event nested too deep before Redis is asked, and not as an outage', async () => {
    const fake = fakeRedis();
    const intake = new RedisIntake(options(fake.redis));
    const deep = { ...item('e-deep'), payload: { a: { b: { c: { d: { e: 1 } } } } } };
    await expect(intake.enqueue(deep)).rejects.toBeInstanceOf(UnqueueableItemError);
    expect(fake.evalFn).not.toHaveBeenCalled();
  });

  it('records the eventId and adds the entry in one script; a second time is a replay', async () => {
    const fake = fakeRedis();
    const intake = new RedisIntake(options(fake.redis));
    expect(await intake.enqueue(item('e-1'))).toEqual({ outcome: 'accepted', entryId: '1-0' });
    expect(fake.seen.has('webhook:seen:e-1')).toBe(true);
    expect(fake.stream[0]).toEqual(['eventId', 'e-1', 'item', JSON.stringify(item('e-1'))]);
    // Another process accepted e-2 (Redis knows it, this LRU does not): still a replay.
    fake.seen.add('webhook:seen:e-2');
    expect(await intake.enqueue(item('e-2'))).toEqual({ outcome: 'replayed' });
    expect(fake.stream).toHaveLength(1);
  });

  it('while Redis is down: a replay of what this process accepted is still recognised, anything else is refused', async () => {
    const fake = fakeRedis();
    const intake = new RedisIntake(options(fake.redis));
    await intake.enqueue(item('e-1'));
    fake.state.down = true;
    expect(await intake.enqueue(item('e-1'))).toEqual({ outcome: 'replayed' });
    await expect(intake.enqueue(item('e-3'))).rejects.toBeInstanceOf(QueueUnavailableError);
    // Not remembered as seen: the sender's retry once Redis is back is accepted.
    fake.state.down = false;
    expect(await intake.enqueue(item('e-3'))).toMatchObject({ outcome: 'accepted' });
  });

  it('dead-letters an event that can never be queued, with its ids and the reason (not the payload)', async () => {
    const xadd = vi.fn(async (..._args: string[]) => '1-0');
    const intake = new RedisIntake(options({ xadd } as unknown as Redis));
    await intake.deadLetter(item('e-poison'), 'too_deep: payload nests deeper than 4 levels');
    const [stream, id, ...fields] = xadd.mock.calls[0]!;
    expect([stream, id]).toEqual(['webhook:dead', '*']);
    expect(fields.slice(0, 8)).toEqual([
      'eventId',
      'e-poison',
      'topic',
      't',
      'source',
      'webhook',
      'reason',
      'too_deep: payload nests deeper than 4 levels',
    ]);
    expect(fields).not.toContain('item');
    xadd.mockRejectedValueOnce(new Error('Connection is closed.'));
    await expect(intake.deadLetter(item('e-2'), 'x')).rejects.toBeInstanceOf(QueueUnavailableError);
  });

  it('counts a Redis that does not answer in time as unreachable', async () => {
    const fake = fakeRedis();
    fake.state.hang = true;
    const intake = new RedisIntake({ ...options(fake.redis), timeoutMs: 20 });
    await expect(intake.enqueue(item('e-1'))).rejects.toBeInstanceOf(QueueUnavailableError);
  });
});
