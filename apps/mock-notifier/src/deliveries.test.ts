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

  it('remembers a bounded number of eventIds: the oldest are forgotten, counted, and duplicates stay right', () => {
    const log = new DeliveryLog(2);
    log.record('a');
    log.record('a');
    log.record('b');
    log.record('c');
    expect(log.summary(true)).toEqual({
      total: 4,
      unique: 2,
      duplicates: 0,
      effects: 4,
      duplicateEffects: 0,
      forgotten: 1,
      byEventId: { b: 1, c: 1 },
      effectsByEventId: { b: 1, c: 1 },
    });
    log.record('c');
    expect(log.summary()).toMatchObject({ total: 5, duplicates: 1, effects: 5, duplicateEffects: 1 });
  });
});
