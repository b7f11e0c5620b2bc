import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../work-item.js';
import { payloadDepth, serializeItem, UnqueueableItemError } from './item-limits.js';

const item = (payload: Record<string, unknown>): WorkItem => ({
  eventId: 'e-1',
  source: 'webhook',
  topic: 't',
  payload,
  receivedAt: '2026-11-03T10:00:00.000Z',
});

/** {a: {a: {... depth levels}}}, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

describe('serializeItem', () => {
  const limits = { maxPayloadDepth: 32, maxItemBytes: 2_000 };

  it('stores an item within the limits as its JSON', () => {
    const ok = item({ conversation: { id: 'c-1', participants: [{ id: 'p' }] } });
    expect(serializeItem(ok, limits)).toBe(JSON.stringify(ok));
  });

  it('measures depth without recursion: a payload nested 200 000 levels is refused, not a stack overflow', () => {
    const deep = item(nested(200_000));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const error = (() => {
      try {
        serializeItem(deep, limits);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnqueueableItemError);
    expect(error).toMatchObject({ kind: 'too_deep', limit: 32 });
  });

  it('takes exactly the depth limit and refuses one more; arrays count as levels', () => {
    expect(payloadDepth(nested(32), 32)).toBe(32);
    expect(() => serializeItem(item(nested(32)), limits)).not.toThrow();
    expect(() => serializeItem(item(nested(33)), limits)).toThrow(/deeper than 32/);
    expect(payloadDepth({ a: [[1]] }, 32)).toBe(3);
  });

  it('refuses an item larger than the queue takes, naming the limit', () => {
    expect(() => serializeItem(item({ text: 'x'.repeat(3_000) }), limits)).toThrow(
      expect.objectContaining({ kind: 'too_large', limit: 2_000 }),
    );
  });
});
