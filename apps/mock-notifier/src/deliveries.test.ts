import { describe, expect, it } from 'vitest';
import { DeliveryLog } from './deliveries.js';

describe('DeliveryLog', () => {
  it('counts deliveries, distinct eventIds and duplicates', () => {
    const log = new DeliveryLog();
    expect(log.record('a')).toEqual({ duplicate: false, deliveries: 1 });
    log.record('b');
    expect(log.record('a')).toEqual({ duplicate: true, deliveries: 2 });
    log.record('a');
    expect(log.summary()).toEqual({ total: 4, unique: 2, duplicates: 2 });
    expect(log.summary(true).byEventId).toEqual({ a: 3, b: 1 });
    log.clear();
    expect(log.summary(true)).toEqual({ total: 0, unique: 0, duplicates: 0, byEventId: {} });
  });
});
