import { cappedExponential } from '@lab/resilience';

/**
 * The two waits of this service, on the resilience package's capped exponential step: cockatiel's backoffs are
 * iterators bound to its retry policy, and neither wait here is a retry of one call.
 */

export interface BackoffRange {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a drop): "equal jitter", half the exponential
 * step fixed and half random, so replicas that lost their sockets together do not come back together, and never
 * less than a Retry-After the platform sent.
 */
export function reconnectDelay(
  attempt: number,
  range: BackoffRange,
  { random = Math.random, retryAfterMs = 0 }: { random?: () => number; retryAfterMs?: number } = {},
): number {
  const step = cappedExponential(attempt, range);
  const jittered = Math.round(step / 2 + random() * (step / 2));
  return Math.max(jittered, retryAfterMs);
}

/**
 * How long an entry delivered `deliveries` times must have been idle (unacknowledged) before it is reclaimed for
 * another try: base after the first failure, doubling per delivery, capped. Deterministic: XCLAIM's min-idle check
 * makes the claim itself exclusive between replicas.
 */
export function reclaimIdleMs(deliveries: number, range: BackoffRange): number {
  return cappedExponential(deliveries - 1, range);
}
