import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import { Reclaimer } from './reclaimer.js';

const KEYS = { events: 'webhook:events', dead: 'webhook:dead', group: 'processors' };
const range = { baseMs: 1_000, maxMs: 8_000 };

/** XPENDING rows [id, consumer, idle, deliveries] and an XCLAIM that returns the entry. */
function fakeRedis(rows: [string, string, number, number][]) {
  const xpending = vi.fn(async () => rows);
  const xclaim = vi.fn(async (_key: string, _group: string, _consumer: string, _minIdle: number, id: string) => [
    [
      id,
      [
        'eventId',
        `e-${id}`,
        'item',
        JSON.stringify({ eventId: `e-${id}`, topic: 't', source: 'webhook', payload: {} }),
      ],
    ],
  ]);
  return { redis: { xpending, xclaim } as unknown as Redis, xpending, xclaim };
}

describe('Reclaimer', () => {
  it('claims entries idle longer than the backoff of their own delivery count, with that min-idle', async () => {
    const fake = fakeRedis([
      ['1-0', 'dead-consumer', 1_500, 1], // due: 1 delivery needs 1 s
      ['2-0', 'me', 1_500, 2], // not due: 2 deliveries need 2 s
      ['3-0', 'other', 4_100, 3], // due: 3 deliveries need 4 s
      ['4-0', 'me', 9_000, 1], // in flight here: skipped
    ]);
    const reclaimer = new Reclaimer(fake.redis, KEYS, 'me', range, 10);
    const claimed = await reclaimer.claim(new Set(['4-0']));
    expect(fake.xpending).toHaveBeenCalledWith('webhook:events', 'processors', 'IDLE', 1_000, '-', '+', 50);
    expect(claimed.map((c) => [c.entry.id, c.deliveries, c.entry.item?.eventId])).toEqual([
      ['1-0', 2, 'e-1-0'],
      ['3-0', 4, 'e-3-0'],
    ]);
    expect(fake.xclaim.mock.calls.map((c) => [c[4], c[3]])).toEqual([
      ['1-0', 1_000],
      ['3-0', 4_000],
    ]);
  });

  it('claims at most a batch, and continues the scan after the last one claimed', async () => {
    const fake = fakeRedis([
      ['1-0', 'x', 5_000, 1],
      ['2-0', 'x', 5_000, 1],
      ['3-0', 'x', 5_000, 1],
    ]);
    const reclaimer = new Reclaimer(fake.redis, KEYS, 'me', range, 2);
    expect((await reclaimer.claim(new Set())).map((c) => c.entry.id)).toEqual(['1-0', '2-0']);
    await reclaimer.claim(new Set());
    expect(fake.xpending).toHaveBeenLastCalledWith('webhook:events', 'processors', 'IDLE', 1_000, '(2-0', '+', 10);
  });
});
