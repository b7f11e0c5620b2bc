import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const share = () => z.coerce.number().gt(0).lt(1);
const flag = () => z.union([z.boolean(), z.stringbool()]);

/**
 * The resilience settings of one dependency of a service, with defaults; apps embed it in their own config schema
 * (numbers may come as strings, from environment variables). `mode: 'naive'` turns every policy off.
 */
export const resilienceConfigSchema = z.object({
  /** 'resilient': the whole policy stack; 'naive': a plain call with the SDK's timeout, for comparison. */
  mode: z.enum(['resilient', 'naive']).default('resilient'),
  /** Per attempt, resilient mode. */
  timeoutMs: int(1).default(3_000),
  /** Naive mode: the Genesys SDK's own default timeout. */
  naiveTimeoutMs: int(1).default(16_000),
  retry: z
    .object({
      /** Attempts in all, the first included. */
      maxAttempts: int(1, 10).default(3),
      /** A longer Retry-After is not waited for: the call fails with the 429. */
      maxRetryAfterMs: int(0).default(60_000),
      initialDelayMs: int(1).default(200),
      maxDelayMs: int(1).default(5_000),
      /** 'decorrelated': exponential, decorrelated jitter; 'doubling': initialDelayMs x 2^n (capped), ±20 %. */
      schedule: z.enum(['decorrelated', 'doubling']).default('decorrelated'),
    })
    .prefault({}),
  breaker: z
    .object({
      kind: z.enum(['consecutive', 'rate']).default('consecutive'),
      /** consecutive: failures in a row that open it. */
      threshold: int(1).default(5),
      /** rate: share of failed calls in the window above which it opens. */
      failureRate: share().default(0.5),
      /** rate: calls in the window before it may open. */
      minimumCalls: int(1).default(3),
      /** rate: the sliding window. */
      windowMs: int(1_000).default(10_000),
      halfOpenAfterMs: int(1).default(10_000),
      maxHalfOpenAfterMs: int(1).default(60_000),
      halfOpenJitter: z.coerce.number().min(0).max(1).default(0.2),
      /** Share openings with the other replicas through Redis (when a Redis connection is given). */
      shared: flag().default(true),
    })
    .prefault({}),
  bulkhead: z.object({ limit: int(1).default(10), queue: int(0).default(20) }).prefault({}),
  cache: z
    .object({
      ttlMs: int(0).default(30_000),
      staleIfErrorMs: int(0).default(300_000),
      maxEntries: int(1).default(1_000),
    })
    .prefault({}),
  rateLimit: z
    .object({
      /** The platform's limit per window, for reference and validation. */
      platformLimit: int(1).default(300),
      /** Our org-wide budget per API family and window: a margin under the platform's limit. */
      budgetPerWindow: int(1).default(280),
      windowSeconds: int(1).default(60),
      /** Processes sharing the budget: each allows budgetPerWindow / expectedReplicas while Redis is down. */
      expectedReplicas: int(1).default(4),
      /** Longest a call waits for budget before failing. */
      maxWaitMs: int(0).default(30_000),
      /** Pace calls once inin-ratelimit remaining / allowed falls below this share. */
      headerThreshold: z.coerce.number().min(0).max(1).default(0.05),
      keyPrefix: z.string().min(1).default('org-rate'),
    })
    .prefault({})
    .refine((r) => r.budgetPerWindow <= r.platformLimit, {
      message: 'budgetPerWindow must not exceed platformLimit',
      path: ['budgetPerWindow'],
    }),
});

export type ResilienceConfig = z.infer<typeof resilienceConfigSchema>;
export type ResilienceConfigInput = z.input<typeof resilienceConfigSchema>;
export type ResilienceMode = ResilienceConfig['mode'];

/** The schema's defaults, parsed once: what a policy built without a setting uses (the schema is their only home). */
export const resilienceDefaults: ResilienceConfig = resilienceConfigSchema.parse({});
