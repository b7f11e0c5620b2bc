import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.js';

const entry = (at: number, route = '/r', client = 'c') => ({
  at,
  method: 'GET',
  route,
  path: route,
  status: 200,
  client,
});

describe('request log', () => {
  it('keeps the last entries in arrival order, bounded', () => {
    const log = new RequestLog(3);
    for (let i = 1; i <= 5; i++) log.record(entry(i));
    expect(log.entries().map((e) => e.at)).toEqual([3, 4, 5]);
  });

  it('filters by route, client and time', () => {
    const log = new RequestLog();
    log.record(entry(1, '/a'));
    log.record(entry(2, '/b'));
    log.record(entry(3, '/a'));
    log.record(entry(4, '/a', 'other'));
    expect(log.entries({ route: '/a', since: 2 }).map((e) => e.at)).toEqual([3, 4]);
    expect(log.entries({ route: '/a', client: 'c' }).map((e) => e.at)).toEqual([1, 3]);
    log.clear();
    expect(log.entries()).toEqual([]);
  });
});
