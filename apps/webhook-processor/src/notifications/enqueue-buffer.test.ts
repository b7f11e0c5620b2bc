import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Intake, QueueUnavailableError } from '../queue/intake.js';
import type { WorkItem } from '../work-item.js';
import { EnqueueBuffer } from './enqueue-buffer.js';

const item = (eventId: string): WorkItem => ({
  eventId,
  source: 'websocket',
  topic: 't',
  payload: {},
  receivedAt: '2026-11-03T10:00:00.000Z',
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(capacity = 3) {
  const state = { down: true };
  const stored: string[] = [];
  const intake: Intake = {
    enqueue: async (i) => {
      if (state.down) throw new QueueUnavailableError(new Error('down'));
      stored.push(i.eventId);
      return { outcome: 'accepted', entryId: `${stored.length}-0` };
    },
  };
  const dropped: string[] = [];
  const counts = { accepted: 0, unavailable: 0 };
  const buffer = new EnqueueBuffer({
    intake,
    logger: pino({ level: 'silent' }),
    capacity,
    retryMs: 1_000,
    onResult: (r) => {
      if (r.outcome === 'accepted') counts.accepted++;
    },
    onUnavailable: () => counts.unavailable++,
    onDropped: (i) => dropped.push(i.eventId),
  });
  return { state, stored, dropped, counts, buffer };
}

describe('EnqueueBuffer', () => {
  it('holds events while Redis is down and enqueues them in order once it is back', async () => {
    const { state, stored, counts, buffer } = setup();
    await buffer.submit(item('a'));
    await buffer.submit(item('b'));
    expect(buffer.size).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(buffer.size).toBe(2);
    state.down = false;
    await buffer.submit(item('c')); // behind the held ones, not ahead of them
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stored).toEqual(['a', 'b', 'c']);
    expect(counts).toEqual({ accepted: 3, unavailable: 1 });
    expect(buffer.size).toBe(0);
  });

  it('drops the oldest beyond its capacity, and reports what is still held at close', async () => {
    const { dropped, buffer } = setup(2);
    for (const id of ['a', 'b', 'c']) await buffer.submit(item(id));
    expect(dropped).toEqual(['a']);
    expect(await buffer.close()).toBe(2);
    expect(dropped).toEqual(['a', 'b', 'c']);
  });
});
