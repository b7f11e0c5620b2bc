import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Intake, QueueUnavailableError } from '../queue/intake.js';
import { UnqueueableItemError } from '../queue/item-limits.js';
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
  const dead: string[] = [];
  const intake: Intake = {
    enqueue: async (i) => {
      if (i.eventId.startsWith('poison')) throw new UnqueueableItemError('too_deep', 32, 'too deep');
      if (state.down) throw new QueueUnavailableError(new Error('down'));
      stored.push(i.eventId);
      return { outcome: 'accepted', entryId: `${stored.length}-0` };
    },
    deadLetter: async (i, reason) => {
      if (state.down) throw new QueueUnavailableError(new Error('down'));
      dead.push(`${i.eventId}: ${reason}`);
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
  return { state, stored, dead, dropped, counts, buffer };
}

describe('EnqueueBuffer', () => {
  it('sends a poison item to the dead-letter stream instead of holding up the events behind it', async () => {
    const { state, stored, dead, dropped, buffer } = setup();
    state.down = false;
    await buffer.submit(item('poison-1'));
    await buffer.submit(item('a'));
    expect(dead).toEqual(['poison-1: too_deep: too deep']);
    expect(stored).toEqual(['a']);
    // Held behind an outage, then dead-lettered when Redis is back, and the next one goes through.
    state.down = true;
    await buffer.submit(item('poison-2'));
    await buffer.submit(item('b'));
    expect(buffer.size).toBe(2);
    state.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dead).toHaveLength(2);
    expect(stored).toEqual(['a', 'b']);
    expect(buffer.size).toBe(0);
    expect(dropped).toEqual([]);
  });

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
