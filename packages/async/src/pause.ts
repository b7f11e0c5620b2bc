import { sleep } from './sleep.js';

/**
 * Waits `ms`, or less when `signal` aborts, and resolves either way (never rejects): for a wait after which the
 * caller still has work to do when stopped (a review runs its rollbacks), unlike `sleep`, which rejects on abort.
 */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, signal).catch(() => {});
}
