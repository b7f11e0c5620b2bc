import { pause } from '@lab/async';

/**
 * Checks a steady state until it holds or `withinMs` have passed (at least once, every `everyMs`): the recovery
 * bound after the rollbacks, and the time a freshly started copy may take to reach the steady state before.
 * Returns the last check.
 */
export async function holdWithin<T extends { steady_state_met: boolean }>(
  check: () => Promise<T>,
  withinMs: number,
  signal: AbortSignal,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + withinMs;
  let last = await check();
  while (!last.steady_state_met && Date.now() < deadline && !signal.aborted) {
    await pause(everyMs, signal);
    last = await check();
  }
  return last;
}
