import { describe, expect, it } from 'vitest';
import { withinTolerance } from './tolerance.js';

describe('withinTolerance', () => {
  it('checks exact values, ranges, regexes and JSONPath matches', () => {
    expect(withinTolerance(3, { exact: 3 }).ok).toBe(true);
    expect(withinTolerance(4, { exact: 3 })).toEqual({ ok: false, why: 'expected 3' });
    expect(withinTolerance(2999, { range: [0, 3000] }).ok).toBe(true);
    expect(withinTolerance(3001, { range: [0, 3000] }).ok).toBe(false);
    expect(withinTolerance({ a: 'closed' }, { regex: '"a":"clo' }).ok).toBe(true);
    const body = { isFallback: true, items: [{ n: 1 }, { n: 5 }] };
    expect(withinTolerance(body, { jsonpath: '$.isFallback', expect: true }).ok).toBe(true);
    expect(withinTolerance(body, { jsonpath: '$.isFallback', expect: false }).ok).toBe(false);
    expect(withinTolerance(body, { jsonpath: '$.items[*].n', range: [0, 3] })).toEqual({
      ok: false,
      why: '$.items[*].n has 5',
    });
    expect(withinTolerance(body, { jsonpath: '$.missing', expect: 1 }).ok).toBe(false);
  });
});
