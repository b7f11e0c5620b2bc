import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';

const take = (draw: () => number, n: number) => Array.from({ length: n }, () => draw());

describe('seededRandom', () => {
  it('is mulberry32: the same values as before for a seed, so recorded runs repeat', () => {
    expect(take(seededRandom(1), 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(take(seededRandom(42), 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('repeats for a seed, differs across seeds, and stays in [0, 1) spread evenly', () => {
    const values = take(seededRandom(7), 10_000);
    expect(take(seededRandom(7), 10_000)).toEqual(values);
    expect(take(seededRandom(8), 10)).not.toEqual(values.slice(0, 10));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const lowHalf = values.filter((v) => v < 0.5).length;
    expect(lowHalf).toBeGreaterThan(4_800);
    expect(lowHalf).toBeLessThan(5_200);
  });
});
