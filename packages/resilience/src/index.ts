export { Breaker, type BreakerChange, type BreakerKind, type BreakerOptions, breakerFor } from './breaker.js';
export { Bulkhead, type BulkheadOptions } from './bulkhead.js';
export { type CacheOptions, type CacheOutcome, ResponseCache } from './cache.js';
export type { Caller, CallerState, CallOptions } from './caller.js';
export { createCaller } from './create-caller.js';
export {
  type Call,
  CONNECTION_ERROR_CODES,
  countsTowardBreaker,
  failureReason,
  type Headers,
  HttpStatusError,
  headersOf,
  isCallerAbort,
  isClientError,
  isConnectionError,
  isDependencyFailure,
  isRejection,
  isRetryable,
  isTimeout,
  RateLimitExceededError,
  RETRYABLE_STATUSES,
  statusOf,
  TimeoutError,
} from './errors.js';
export * from './events.js';
export { cappedExponential } from './exponential.js';
export { type FallbackOptions, withFallback } from './fallback.js';
export { HeaderPacer, type HeaderPacerOptions, type RateLimitReading, readRateLimitHeaders } from './header-pacer.js';
export { createNaiveCaller, NAIVE_TIMEOUT_MS, type NaiveCallerOptions } from './naive-caller.js';
export { OrgRateLimiter, type OrgRateLimitOptions, type RateLimitMode } from './org-rate-limit.js';
export { RateBreaker, type RateBreakerOptions } from './rate-breaker.js';
export { createRedis, whenReady } from './redis.js';
export {
  type ResilienceConfig,
  type ResilienceConfigInput,
  type ResilienceMode,
  resilienceConfigSchema,
} from './resilience-config.js';
export { createResilientCaller, type ResilientCallerOptions } from './resilient-caller.js';
export { createRetry, type RetryOptions } from './retry.js';
export { parseRetryAfter, RetryAfterBackoff, retryAfterMsOf } from './retry-after.js';
export { SharedBreaker, type SharedBreakerOptions } from './shared-breaker.js';
export { sleep } from './sleep.js';
export { CallTimeout, DEFAULT_TIMEOUT_MS, type TimeoutOptions } from './timeout.js';
