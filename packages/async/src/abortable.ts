import { raceSignal } from 'race-signal';

/**
 * `work`, or a rejection with the signal's reason as soon as `signal` aborts, whichever comes first: for a promise
 * that cannot be cancelled itself (a Redis command, a token refresh that others share), so that the caller's deadline
 * still holds. `work` goes on, its outcome ignored by this caller (a late rejection is not left unhandled).
 */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  return raceSignal(work, signal);
}
