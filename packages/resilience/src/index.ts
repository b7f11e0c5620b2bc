// What the lab's services and packages import; the policies themselves are reached through createCaller.
export type { AnswerSource, Caller, CallerState, CallOptions, CallResult } from './caller.js';
export { createCaller } from './create-caller.js';
export {
  type Call,
  failureReason,
  HttpStatusError,
  isClientError,
  isRejection,
  isRetryable,
  RateLimitExceededError,
  statusOf,
  TimeoutError,
} from './errors.js';
export type { BreakerState, ResilienceEvent, ResilienceEventType } from './events.js';
export { ResilienceEvents } from './events.js';
export { cappedExponential } from './exponential.js';
export { HeaderPacer, type RateLimitReading } from './header-pacer.js';
export { OrgRateLimiter, type RateLimitMode } from './org-rate-limit.js';
export { blockingConnection, createRedis, redisOptions, whenReady } from './redis.js';
export { type RedisConfig, redisConfigSchema, redisDefaults } from './redis-config.js';
export {
  type ResilienceConfig,
  type ResilienceConfigInput,
  type ResilienceMode,
  resilienceConfigSchema,
  resilienceDefaults,
} from './resilience-config.js';
export type { ResilientCallerOptions } from './resilient-caller.js';
export { retryAfterMsOf } from './retry-after.js';
