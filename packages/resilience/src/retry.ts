import {
  DelegateBackoff,
  decorrelatedJitterGenerator,
  ExponentialBackoff,
  handleWhen,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
  retry,
} from 'cockatiel';
import { definedOnly } from './defined.js';
import { failureReason, isRetryable, statusOf } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { cappedExponential } from './exponential.js';
import { resilienceDefaults } from './resilience-config.js';
import { RetryAfterBackoff, retryAfterMsOf } from './retry-after.js';

export interface RetryOptions {
  dependency: string;
  events: ResilienceEvents;
  /** Attempts in all, the first included. Defaults: resilienceConfigSchema's `retry`. */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the call fails with the 429. */
  maxRetryAfterMs?: number;
  /** First backoff delay before jitter. */
  initialDelayMs?: number;
  /** Longest backoff delay. */
  maxDelayMs?: number;
  /**
   * 'decorrelated' (default): exponential with decorrelated jitter; 'doubling': initialDelayMs, then twice as long
   * each retry (capped), each ±20 % at random: the "about 1, 2, 4 s" a notification path asks for.
   */
  schedule?: 'decorrelated' | 'doubling';
  /** For tests: the random source of the 'doubling' jitter. */
  random?: () => number;
  /** Replaces the exponential backoff with jitter (Retry-After still wins). */
  backoff?: IBackoffFactory<IRetryBackoffContext<unknown>>;
}

/**
 * Retries 429, 502, 503, 504, connection errors and our own timeouts; never other statuses. Between attempts it
 * waits Retry-After when the answer carried one (up to `maxRetryAfterMs`, else it gives up at once), otherwise an
 * exponential backoff with decorrelated jitter. Emits `retry` before each wait.
 */
export function createRetry(options: RetryOptions): RetryPolicy {
  const settings = { ...resilienceDefaults.retry, ...definedOnly(options) };
  const retryable = (error: unknown) => {
    if (!isRetryable(error)) return false;
    const told = retryAfterMsOf(error);
    return told === undefined || told <= settings.maxRetryAfterMs;
  };
  const random = options.random ?? Math.random;
  const range = { baseMs: settings.initialDelayMs, maxMs: settings.maxDelayMs };
  const backoff =
    options.backoff ??
    (settings.schedule === 'doubling'
      ? new DelegateBackoff<IRetryBackoffContext<unknown>>(({ attempt }) =>
          Math.round(cappedExponential(attempt - 1, range) * (0.8 + 0.4 * random())),
        )
      : new ExponentialBackoff({
          generator: decorrelatedJitterGenerator,
          initialDelay: settings.initialDelayMs,
          maxDelay: settings.maxDelayMs,
        }));
  const policy = retry(handleWhen(retryable), {
    // cockatiel counts retries, not attempts
    maxAttempts: Math.max(0, settings.maxAttempts - 1),
    backoff: new RetryAfterBackoff(backoff),
  });
  policy.onRetry((event) => {
    const error = 'error' in event ? event.error : undefined;
    const retryAfterMs = retryAfterMsOf(error);
    options.events.emit({
      type: 'retry',
      dependency: options.dependency,
      attempt: event.attempt,
      delayMs: Math.round(event.delay),
      ...(statusOf(error) !== undefined && { status: statusOf(error) }),
      ...(error !== undefined && { error: failureReason(error) }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  });
  return policy;
}
