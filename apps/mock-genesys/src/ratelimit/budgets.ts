import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { API_FAMILIES, type ApiFamily, type MockConfig, orgLimitFor } from '../config.js';

export interface BudgetSettings {
  windowSeconds: number;
  tokenLimit: number;
  orgLimits: Record<ApiFamily, number>;
}

export interface BudgetOutcome {
  /** Values for inin-ratelimit-count / -allowed / -reset (the caller's own, per-token budget). */
  count: number;
  allowed: number;
  resetSeconds: number;
  /** Set when the call is refused: which budget ran out and when to retry. */
  limited?: { scope: 'token' | 'org'; retryAfterSeconds: number };
}

/**
 * The platform's rate limits: a fixed window per caller key (an OAuth token; a client id at /oauth/token) and an
 * org-wide window per API family shared by every client. Counting is rate-limiter-flexible's in-memory limiter.
 */
export class RateBudgets {
  private perCaller!: RateLimiterMemory;
  private perFamily!: Map<ApiFamily, RateLimiterMemory>;

  constructor(private settings: BudgetSettings) {
    this.rebuild();
  }

  get current(): BudgetSettings {
    return this.settings;
  }

  /** New limits; counters start afresh. */
  configure(
    settings: Partial<Omit<BudgetSettings, 'orgLimits'>> & { orgLimits?: Partial<BudgetSettings['orgLimits']> },
  ): void {
    this.settings = {
      ...this.settings,
      ...settings,
      orgLimits: { ...this.settings.orgLimits, ...settings.orgLimits },
    };
    this.rebuild();
  }

  reset(): void {
    this.rebuild();
  }

  /**
   * Counts one call against the caller's window and, when the caller is not refused and the call has a family,
   * against that family's org window; `settled` gets the outcome. A callback, not a promise of our own: the
   * in-memory limiter settles its promise at once, so this costs one microtask per window and no async frames
   * (the pipeline calls it on every request). An error other than a refusal (a limiter fault) goes to `settled` as
   * its first argument. `settled` must not throw: it runs in the limiter's promise callbacks.
   */
  consume(
    callerKey: string,
    family: ApiFamily | undefined,
    settled: (error: unknown, outcome?: BudgetOutcome) => void,
  ): void {
    const tokenLimit = this.settings.tokenLimit;
    const org = family ? this.perFamily.get(family) : undefined;
    this.perCaller.consume(callerKey).then(
      (caller) => {
        const outcome = callerOutcome(caller, tokenLimit);
        if (!org) return settled(null, outcome);
        org.consume('org').then(
          () => settled(null, outcome),
          (refused: unknown) => {
            if (!(refused instanceof RateLimiterRes)) return settled(refused);
            outcome.limited = { scope: 'org', retryAfterSeconds: seconds(refused.msBeforeNext) };
            settled(null, outcome);
          },
        );
      },
      (refused: unknown) => {
        if (!(refused instanceof RateLimiterRes)) return settled(refused);
        const outcome = callerOutcome(refused, tokenLimit);
        outcome.limited = { scope: 'token', retryAfterSeconds: seconds(refused.msBeforeNext) };
        settled(null, outcome);
      },
    );
  }

  /** Calls counted in the current org window of each family (for /metrics and /__admin/state). */
  async orgUsage(): Promise<{ family: ApiFamily; used: number; allowed: number }[]> {
    return Promise.all(
      API_FAMILIES.map(async (family) => {
        const res = await this.perFamily.get(family)?.get('org');
        return { family, used: res?.consumedPoints ?? 0, allowed: this.settings.orgLimits[family] };
      }),
    );
  }

  private rebuild(): void {
    const duration = this.settings.windowSeconds;
    this.perCaller = new RateLimiterMemory({ points: this.settings.tokenLimit, duration, keyPrefix: 'caller' });
    this.perFamily = new Map(
      API_FAMILIES.map((family) => [
        family,
        new RateLimiterMemory({ points: this.settings.orgLimits[family], duration, keyPrefix: `org-${family}` }),
      ]),
    );
  }
}

/** The limits the configuration asks for. */
export function budgetSettingsFrom(config: MockConfig): BudgetSettings {
  return {
    windowSeconds: config.MOCK_RATE_WINDOW_SECONDS,
    tokenLimit: config.MOCK_TOKEN_RATE_LIMIT,
    orgLimits: Object.fromEntries(API_FAMILIES.map((f) => [f, orgLimitFor(config, f)])) as Record<ApiFamily, number>,
  };
}

/** The caller's own window as the inin-ratelimit-* headers say it (count capped at the limit). */
function callerOutcome(res: RateLimiterRes, tokenLimit: number): BudgetOutcome {
  return {
    count: Math.min(res.consumedPoints, tokenLimit),
    allowed: tokenLimit,
    resetSeconds: seconds(res.msBeforeNext),
  };
}

/** Whole seconds, at least 1: Retry-After and inin-ratelimit-reset are integers. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}
