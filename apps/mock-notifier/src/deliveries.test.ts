import { describe, expect, it } from 'vitest';
import { DeliveryLog } from './deliveries.js';

describe('DeliveryLog', () => {
  it('counts deliveries, distinct eventIds, duplicates and effects apart', () => {
    const log = new DeliveryLog();
    expect(log.record('a')).toEqual({ duplicate: false, deliveries: 1, duplicateEffect: false });
    log.record('b');
    expect(log.record('a')).toEqual({ duplicate: true, deliveries: 2, duplicateEffect: true });
    expect(log.record('a', false)).toEqual({ duplicate: true, deliveries: 3, duplicateEffect: false });
    expect(log.summary()).toEqual({ total: 4, unique: 2, duplicates: 2, effects: 3, duplicateEffects: 1 });
    expect(log.summary(true)).toMatchObject({ byEventId: { a: 3, b: 1 }, effectsByEventId: { a: 2, b: 1 } });
    log.clear();
    expect(log.summary(true)).toEqual({
      total: 0,
      unique: 0,
      duplicates: 0,
      effects: 0,
      duplicateEffects: 0,
      byEventId: {},
      effectsByEventId: {},
    });
  });
});
