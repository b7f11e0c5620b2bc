import { describe, expect, it } from 'vitest';
import { cappedExponential } from './exponential.js';

describe('cappedExponential', () => {
  it('doubles from the base and stops at the cap', () => {
    const range = { baseMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 50].map((n) => cappedExponential(n, range))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(cappedExponential(-3, range)).toBe(100);
  });
});
