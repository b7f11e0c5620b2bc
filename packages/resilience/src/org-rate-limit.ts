import { abortable, sleep } from '@lab/async';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { definedOnly } from './defined.js';
import { RateLimitExceededError } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface OrgRateLimitOptions {
  events: ResilienceEvents;
  /** Where the org-wide budget is counted; without it every process counts alone (mode 'local'). */
  redis?: Redis;
  /** Calls per window per API family, org-wide: a margin under the platform's limit. Defaults: the schema's `rateLimit`. */
  budgetPerWindow?: number;
  windowSeconds?: number;
  /** Processes expected to share the budget: while Redis is unreachable each one allows budget / replicas. */
  expectedReplicas?: number;
  /** Longest a call waits for budget before it fails with RateLimitExceededError. */
  maxWaitMs?: number;
  keyPrefix?: string;
}

export type RateLimitMode = 'redis' | 'local';

/** rate-limiter-flexible's in-memory limiter, marking the consume options it served: how we see the switch. */
class InsuranceLimiter extends RateLimiterMemory {
  readonly served = new WeakSet<object>();

  override consume(key: string | number, points?: number, options: Record<string, unknown> = {}) {
    this.served.add(options);
    return super.consume(key, points, options);
  }
}

/**
 * One budget per Genesys API family shared by every service and replica: rate-limiter-flexible's RateLimiterRedis
 * (fixed window), insured by a per-process RateLimiterMemory of budget / expectedReplicas that takes over while
 * Redis is unreachable. Callers wait for the next window rather than fail, up to `maxWaitMs`. Emits
 * `rate-limit-wait` per wait and `rate-limit-mode` once per switch between Redis and local counting.
 */
export class OrgRateLimiter {
  readonly budgetPerWindow: number;
  readonly localBudget: number;
  readonly maxWaitMs: number;
  private readonly limiter: RateLimiterAbstract;
  private readonly insurance: InsuranceLimiter;
  private currentMode: RateLimitMode;

  constructor(private readonly options: OrgRateLimitOptions) {
    const s = { ...resilienceDefaults.rateLimit, ...definedOnly(options) };
    this.budgetPerWindow = s.budgetPerWindow;
    this.localBudget = Math.max(1, Math.floor(s.budgetPerWindow / Math.max(1, s.expectedReplicas)));
    this.maxWaitMs = s.maxWaitMs;
    const duration = s.windowSeconds;
    this.insurance = new InsuranceLimiter({ points: this.localBudget, duration, keyPrefix: `${s.keyPrefix}-local` });
    this.limiter = options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points: s.budgetPerWindow,
          duration,
          keyPrefix: s.keyPrefix,
          insuranceLimiter: this.insurance,
          // fail over at once when the connection is down instead of queueing commands
          rejectIfRedisNotReady: true,
        })
      : this.insurance;
    this.currentMode = options.redis ? 'redis' : 'local';
  }

  get mode(): RateLimitMode {
    return this.currentMode;
  }

  /**
   * Takes one unit of `family`'s budget, waiting for the next window if needed; resolves with the ms spent waiting.
   * Rejects with `signal`'s reason as soon as it aborts, whether in a wait or in a Redis command (each of which
   * also has the connection's own deadline).
   */
  async acquire(family: string, signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    let waited = 0;
    for (;;) {
      const marker = {};
      let res: RateLimiterRes | undefined;
      try {
        // The caller's signal (a lookup's 800 ms deadline) holds even while a Redis command is still out.
        await abortable(this.limiter.consume(family, 1, marker), signal);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (!(error instanceof RateLimiterRes)) throw error;
        res = error;
      }
      const source = this.note(marker);
      if (!res) {
        this.options.events.emit({ type: 'rate-budget-taken', family, source });
        return waited;
      }
      const waitMs = Math.max(1, res.msBeforeNext);
      if (Date.now() + waitMs - started > this.maxWaitMs) throw new RateLimitExceededError(family, waitMs);
      // sleep() rejects as soon as the caller's deadline aborts the signal: a wait never outlives the call's budget.
      this.options.events.emit({ type: 'rate-limit-wait', family, waitMs, source });
      await sleep(waitMs, signal);
      waited += waitMs;
    }
  }

  private note(marker: object): RateLimitMode {
    if (!this.options.redis) return 'local';
    const mode: RateLimitMode = this.insurance.served.has(marker) ? 'local' : 'redis';
    if (mode !== this.currentMode) {
      this.currentMode = mode;
      const reason = mode === 'local' ? `redis ${this.options.redis.status}` : 'redis reachable again';
      this.options.events.emit({ type: 'rate-limit-mode', mode, reason });
    }
    return mode;
  }
}
