import { failureReason, isDependencyFailure } from './errors.js';
import type { ResilienceEvents } from './events.js';

export interface FallbackOptions {
  dependency: string;
  events: ResilienceEvents;
}

/**
 * Runs `primary`; when it fails with a dependency failure or a rejection (not a 4xx, not the caller's abort),
 * answers `fallback(error)` instead and emits `fallback` with the reason (timeout, breaker-open, http-503, ...).
 * Hand-written rather than cockatiel's FallbackPolicy: the value differs per call and the event needs the error.
 */
export async function withFallback<T>(
  primary: () => Promise<T>,
  fallback: (error: unknown) => T | Promise<T>,
  options: FallbackOptions,
): Promise<T> {
  try {
    return await primary();
  } catch (error) {
    if (!isDependencyFailure(error)) throw error;
    options.events.emit({ type: 'fallback', dependency: options.dependency, reason: failureReason(error) });
    return fallback(error);
  }
}
