import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** The review's one source of randomness: the same seed gives the same ids, jitters and fault schedule. */
export interface SeededRandom {
  seed: number;
  int(from: number, to: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  const generator = xoroshiro128plus(seed);
  return { seed, int: (from, to) => uniformInt(generator, from, to) };
}

/** A fresh seed when none is given: printed, so the run can be repeated with `--seed`. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
