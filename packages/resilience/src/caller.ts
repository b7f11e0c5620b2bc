import type { Call } from './errors.js';
import type { BreakerState } from './events.js';
import type { RateLimitMode } from './org-rate-limit.js';
import type { ResilienceMode } from './resilience-config.js';

export interface CallOptions<T> {
  /** The Genesys API family: turns on the org-wide rate limit and header pacing for this call. */
  family?: string;
  /** The caller's own cancellation. */
  signal?: AbortSignal;
  /** Serve from, and store in, the response cache under this key (resilient mode). */
  cacheKey?: string;
  /** Answer this instead of failing when the dependency fails or a policy rejects (resilient mode). */
  fallback?: () => T | Promise<T>;
  /**
   * One budget for the whole call (resilient mode): bulkhead queueing, every attempt, the waits between them. When it
   * runs out the call fails with a timeout, so the stale value or the fallback answers; it does not count toward
   * the breaker (the dependency was not the one too slow, the queue may have been).
   */
  deadlineMs?: number;
}

/**
 * Where a call's answer came from: `fresh`, the dependency answered this call; `cache`, a cached answer still
 * within its TTL, no call made; `stale`, the dependency failed and the last good answer was served
 * (stale-if-error); `fallback`, the dependency failed (or a policy refused the call) and the call's fallback
 * answered.
 */
export type AnswerSource = 'fresh' | 'cache' | 'stale' | 'fallback';

/** A call's answer, where it came from, and, when the dependency did not answer, why not (`lastError`). */
export type CallResult<T> =
  | { value: T; source: 'fresh' | 'cache'; lastError?: undefined }
  | { value: T; source: 'stale' | 'fallback'; lastError: unknown };

/** What /healthz and `lab status` show about one dependency. */
export interface CallerState {
  mode: ResilienceMode;
  dependency: string;
  breaker?: BreakerState;
  bulkhead?: { active: number; queued: number; limit: number; queue: number };
  rateLimit?: RateLimitMode;
  sharedBreaker?: 'shared' | 'local';
}

/** Calls one dependency, with the policy stack (resilient) or without (naive); emits one `call` event per call. */
export interface Caller {
  readonly mode: ResilienceMode;
  readonly dependency: string;
  /** Rejects when there is no answer at all (no cached value, no fallback, or a 4xx). */
  call<T>(fn: Call<T>, options?: CallOptions<T>): Promise<CallResult<T>>;
  state(): CallerState;
  /** Resolves once shared state (Redis) is read; never rejects. */
  ready(): Promise<void>;
  /** Stops what the caller started (the shared breaker's subscription); the Redis connection stays the caller's. */
  close(): Promise<void>;
}
