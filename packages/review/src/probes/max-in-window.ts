/**
 * The most arrivals (epoch ms) inside any window of `windowMs` (sliding, start inclusive, end exclusive): how
 * bursty the traffic that reached a mock was. 0 for no arrivals.
 */
export function maxInWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
