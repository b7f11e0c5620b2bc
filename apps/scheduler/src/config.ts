import { resilienceOverridesWithDefaults, serviceConfigShape, topologyDefaults } from '@lab/service-kit';
import { z } from 'zod';

/**
 * The scheduler's policy settings for Genesys, under whatever RESILIENCE_OVERRIDES says (the variable wins, key
 * by key): WFM answers are slower than most, so 5 s per attempt; at most 2 WFM calls in flight; no fresh-cache
 * window, so every pull calls Genesys and the cache only answers when a call fails (stale-if-error).
 */
export const SCHEDULER_RESILIENCE_DEFAULTS = {
  genesys: { timeoutMs: 5_000, bulkhead: { limit: 2 }, cache: { ttlMs: 0 } },
};

const placed = topologyDefaults('scheduler');

/** The scheduler's settings: the common service ones plus the pull's cadence, deadline, lock and window. */
export const schedulerConfigSchema = z
  .object({
    ...serviceConfigShape,
    SERVICE_PORT: serviceConfigShape.SERVICE_PORT.default(placed.port),
    GENESYS_URL: serviceConfigShape.GENESYS_URL.default(placed.url('GENESYS_URL')),
    RESILIENCE_OVERRIDES: resilienceOverridesWithDefaults(SCHEDULER_RESILIENCE_DEFAULTS),
    /** Mean time between two scheduled pulls; the first pull runs at start. */
    PULL_INTERVAL_SECONDS: z.coerce.number().positive().max(86_400).default(30),
    /** Each interval is drawn in interval × (1 ± jitter), so that replicas drift apart. */
    PULL_JITTER: z.coerce.number().min(0).lt(1).default(0.2),
    /** A pull still running after this long is aborted (and counts as failed). */
    PULL_TIMEOUT_SECONDS: z.coerce.number().positive().default(45),
    /** Life of the Redis lock of a pull: longer than a pull may run, so it never expires under a live pull. */
    LOCK_TTL_SECONDS: z.coerce.number().positive().default(60),
    /** Agent schedules are searched from today (UTC midnight) for this many days. */
    SCHEDULE_DAYS_AHEAD: z.coerce.number().int().min(1).max(31).default(7),
  })
  .refine((c) => c.LOCK_TTL_SECONDS > c.PULL_TIMEOUT_SECONDS, {
    message: 'must be greater than PULL_TIMEOUT_SECONDS',
    path: ['LOCK_TTL_SECONDS'],
  });

export type SchedulerConfig = z.infer<typeof schedulerConfigSchema>;
