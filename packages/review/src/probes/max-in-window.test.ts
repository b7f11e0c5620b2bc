import { describe, expect, it } from 'vitest';
import { maxInWindow } from './max-in-window.js';

describe('maxInWindow', () => {
  it('counts the densest window', () => {
    expect(maxInWindow([0, 100, 200, 1_500, 1_600], 1_000)).toBe(3);
    expect(maxInWindow([2_600, 0, 1_500, 1_600, 1_700, 100], 1_000)).toBe(3);
  });

  it('spaced arrivals are one at a time', () => {
    expect(maxInWindow([0, 1_000, 2_000, 3_500], 1_000)).toBe(1);
  });

  it('is 0 with nothing', () => {
    expect(maxInWindow([], 1_000)).toBe(0);
  });
});
