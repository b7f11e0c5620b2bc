import type { Redis } from 'ioredis';
import { Breaker } from './breaker.js';
import { Bulkhead } from './bulkhead.js';
import { ResponseCache } from './cache.js';
import type { Caller, CallOptions, CallResult } from './caller.js';
import { type Call, isRejection } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { withFallback } from './fallback.js';
import { HeaderPacer } from './header-pacer.js';
import { OrgRateLimiter } from './org-rate-limit.js';
import { type ResilienceConfig, resilienceDefaults } from './resilience-config.js';
import { createRetry } from './retry.js';
import { SharedBreaker } from './shared-breaker.js';
import { CallTimeout } from './timeout.js';

export interface ResilientCallerOptions {
  /** What is called: "genesys", "crm", "notifier". */
  dependency: string;
  /** Who calls: names the shared breaker's key, breaker:<service>:<dependency>. */
  service: string;
  events: ResilienceEvents;
  /** Parsed once, at boot, with resilienceConfigSchema (default: the schema's defaults); `mode` is ignored here. */
  config?: ResilienceConfig;
  /** Shares the breaker across replicas and counts the org rate budget; without it both stay per process. */
  redis?: Redis;
  /** An org limiter to share between callers of one process (default: one built from config.rateLimit). */
  rateLimiter?: OrgRateLimiter;
  /** A header pacer to share between callers of one process (default: a new one on `events`, closed with the caller). */
  pacer?: HeaderPacer;
  /** For tests: the random source of the breaker's jitter. */
  random?: () => number;
  instanceId?: string;
}

/**
 * The policy stack for one dependency, outermost first: bulkhead -> breaker -> retry -> [header pacing and org
 * rate limit, per attempt, for calls with a `family`] -> timeout -> call; around it, the cache (stale-if-error)
 * and the fallback.
 * The breaker wraps the retry, so a call that failed after its retries counts once. Emits one `call` per call:
 * success (cache hits too, attempts 0), fallback (stale value or fallback value), rejected (breaker, bulkhead,
 * rate budget), failure.
 */
export function createResilientCaller(options: ResilientCallerOptions): Caller {
  const { dependency, events } = options;
  const config = options.config ?? resilienceDefaults;
  const { retry: r, breaker: b, rateLimit: rl } = config;
  const timeout = new CallTimeout({ dependency, events, timeoutMs: config.timeoutMs });
  const retry = createRetry({ dependency, events, ...r });
  const breaker = new Breaker({ dependency, events, ...b, ...(options.random && { random: options.random }) });
  const bulkhead = new Bulkhead({ dependency, events, ...config.bulkhead });
  const cache = new ResponseCache({ dependency, events, ...config.cache });
  const pacer = options.pacer ?? new HeaderPacer({ events, threshold: rl.headerThreshold });
  const rateLimiter = options.rateLimiter ?? new OrgRateLimiter({ events, redis: options.redis, ...rl });
  const shared =
    options.redis && b.shared
      ? new SharedBreaker({
          breaker,
          service: options.service,
          redis: options.redis,
          events,
          // the probe is one attempt: the lease outlasts it
          probeLeaseMs: config.timeoutMs + 2_000,
          ...idOf(options),
        })
      : undefined;
  const started = shared?.start() ?? Promise.resolve();

  // One whole-call timeout per deadline value, made once: a Data Action passes the same deadline on every call.
  const deadlines = new Map<number, CallTimeout>();
  const deadline = (ms: number): CallTimeout => {
    const known = deadlines.get(ms);
    if (known) return known;
    const policy = new CallTimeout({ dependency, events, timeoutMs: ms });
    deadlines.set(ms, policy);
    return policy;
  };

  async function call<T>(fn: Call<T>, opts: CallOptions<T> = {}): Promise<CallResult<T>> {
    const startedAt = Date.now();
    let attempts = 0;
    const { family, signal } = opts;

    const attempt: Call<T> = (attemptSignal) => {
      attempts++;
      return fn(attemptSignal);
    };
    // Every attempt takes its own unit of the org budget (the platform counts each request), and waits for it
    // outside the timeout, which is for the request alone.
    const budgetedAttempt = async (attemptSignal: AbortSignal): Promise<T> => {
      if (family) {
        await pacer.wait(family, attemptSignal);
        await rateLimiter.acquire(family, attemptSignal);
      }
      return timeout.execute(attempt, attemptSignal);
    };
    const policies = (outer?: AbortSignal): Promise<T> =>
      bulkhead.execute(
        (s1) =>
          breaker.execute(
            (s2) => retry.execute(({ signal: s3 }) => budgetedAttempt(s3), s2),
            s1,
            // the fleet's half-open probe: one attempt, so an open period costs the dependency one request
            budgetedAttempt,
          ),
        outer,
      );
    const guarded = async (): Promise<T> =>
      opts.deadlineMs === undefined ? policies(signal) : deadline(opts.deadlineMs).execute(policies, signal);
    const primary = async (): Promise<CallResult<T>> => {
      if (opts.cacheKey === undefined) return { value: await guarded(), source: 'fresh' };
      const answer = await cache.getOrLoad(opts.cacheKey, guarded);
      if (answer.outcome === 'stale') return { value: answer.value, source: 'stale', lastError: answer.error };
      return { value: answer.value, source: answer.outcome === 'hit' ? 'cache' : 'fresh' };
    };
    const { fallback } = opts;

    let outcome: 'success' | 'failure' | 'rejected' | 'fallback' = 'failure';
    try {
      const result: CallResult<T> = fallback
        ? await withFallback(
            primary,
            async (lastError): Promise<CallResult<T>> => ({ value: await fallback(), source: 'fallback', lastError }),
            { dependency, events },
          )
        : await primary();
      outcome = result.source === 'fallback' || result.source === 'stale' ? 'fallback' : 'success';
      return result;
    } catch (error) {
      outcome = isRejection(error) ? 'rejected' : 'failure';
      throw error;
    } finally {
      events.emit({ type: 'call', dependency, outcome, durationMs: Date.now() - startedAt, attempts });
    }
  }

  return {
    mode: 'resilient',
    dependency,
    call,
    state: () => ({
      mode: 'resilient',
      dependency,
      breaker: breaker.state,
      bulkhead: { ...bulkhead.usage, limit: bulkhead.limit, queue: bulkhead.queue },
      rateLimit: rateLimiter.mode,
      ...(shared && { sharedBreaker: shared.sharedMode }),
    }),
    ready: () => started,
    close: async () => {
      if (!options.pacer) pacer.close();
      await shared?.close();
    },
  };
}

const idOf = (options: ResilientCallerOptions) => (options.instanceId ? { instanceId: options.instanceId } : {});
