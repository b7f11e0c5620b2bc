import delay from 'delay';

/**
 * Waits `ms` on the global setTimeout (so fake timers drive it); rejects with the signal's reason as soon as it
 * aborts, at once if it already has. `ms <= 0` resolves without a timer.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && !signal?.aborted) return Promise.resolve();
  return delay(ms, { signal });
}
