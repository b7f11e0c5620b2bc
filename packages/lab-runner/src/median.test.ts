import { describe, expect, it } from 'vitest';
import { median, medianAndRange } from './median.js';

describe('median', () => {
  it('takes the middle figure of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(median([4, 1, 10, 2])).toBe(3);
  });

  it('leaves its input in its order', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses no values rather than answering NaN', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('medianAndRange', () => {
  it('answers the median with the smallest and largest figure', () => {
    expect(medianAndRange([0.2, -0.1, 0.05, 0.3])).toEqual({ median: 0.125, min: -0.1, max: 0.3 });
  });
});
