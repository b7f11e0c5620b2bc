import { z } from 'zod';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/**
 * How a process talks to Redis (one connection per process, shared by every policy that uses it): the deadline of
 * each command, and how a dead or hung connection is noticed and replaced. The services read these from
 * REDIS_COMMAND_TIMEOUT_MS and friends (service-kit's config); this schema is their one home.
 */
export const redisConfigSchema = z
  .object({
    /**
     * Longest one command may take before it fails ("Command timed out"); a connection that sends nothing back
     * for this long while a command waits is dropped and reconnected, so a frozen Redis (SIGSTOP, a stalled host)
     * counts as a dead one: every later command fails at once until the connection is ready again. Shorter than
     * every caller's budget (the 800 ms conversation lookup, the 3 s Data Action, the webhook sender's timeout).
     */
    commandTimeoutMs: int(1, 60_000).default(500),
    /** Longest a TCP connect may take. */
    connectTimeoutMs: int(1, 60_000).default(2_000),
    /** Reconnection: the n-th attempt waits min(n x reconnectStepMs, reconnectMaxMs), forever. */
    reconnectStepMs: int(1).default(200),
    reconnectMaxMs: int(1).default(2_000),
  })
  .refine((r) => r.reconnectMaxMs >= r.reconnectStepMs, {
    message: 'must be at least reconnectStepMs',
    path: ['reconnectMaxMs'],
  });

export type RedisConfig = z.infer<typeof redisConfigSchema>;

/** The schema's defaults, parsed once. */
export const redisDefaults: RedisConfig = redisConfigSchema.parse({});
