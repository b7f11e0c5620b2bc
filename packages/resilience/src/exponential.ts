import { noJitterGenerator } from 'cockatiel';

/**
 * Cockatiel's exponential step without jitter, base × 2^n capped at max (n from 0), for the lab's waits that are
 * not retries of one call (a reconnect, a reclaim, a job poll): their jitter and state are their own, the step is
 * cockatiel's.
 */
export function cappedExponential(n: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }): number {
  const options = { initialDelay: baseMs, maxDelay: maxMs, exponent: 2, generator: noJitterGenerator };
  const [delay] = noJitterGenerator(Math.min(Math.max(0, n), 1_000), options);
  return delay;
}
