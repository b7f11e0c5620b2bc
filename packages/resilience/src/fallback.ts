import { failureReason, isDependencyFailure } from './errors.js';
import type { ResilienceEvents } from './events.js';

export interface FallbackOptions {
  dependency: string;
  events: ResilienceEvents;
}

/**
 * Runs `primary`; when it fails with a dependency failure or a rejection (not a 4xx, not the caller's abort),
 * answers `fallback()` instead and emits `fallback` with the reason (timeout, breaker-open, http-503, ...).
 * Hand-written rather than cockatiel's FallbackPolicy: the value differs per call and the event needs the error.
 */
export async function withFallback<T>(
  primary: () => Promise<T>,
  fallback: () => T | Promise<T>,
  options: FallbackOptions,
): Promise<{ value: T; fellBack: boolean }> {
  try {
    return { value: await primary(), fellBack: false };
  } catch (error) {
    if (!isDependencyFailure(error)) throw error;
    options.events.emit({ type: 'fallback', dependency: options.dependency, reason: failureReason(error) });
    return { value: await fallback(), fellBack: true };
  }
}
