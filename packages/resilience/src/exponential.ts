/** base × 2^n, capped at max (n from 0): the growing step under every backoff of the lab that is not a retry. */
export function cappedExponential(n: number, { baseMs, maxMs }: { baseMs: number; maxMs: number }): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, n), 30));
}
