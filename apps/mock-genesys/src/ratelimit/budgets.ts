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

  async consume(callerKey: string, family: ApiFamily | undefined): Promise<BudgetOutcome> {
    const caller = await settle(this.perCaller.consume(callerKey));
    const outcome: BudgetOutcome = {
      count: Math.min(caller.res.consumedPoints, this.settings.tokenLimit),
      allowed: this.settings.tokenLimit,
      resetSeconds: seconds(caller.res.msBeforeNext),
    };
    if (!caller.ok) {
      outcome.limited = { scope: 'token', retryAfterSeconds: seconds(caller.res.msBeforeNext) };
      return outcome;
    }
    const org = family ? this.perFamily.get(family) : undefined;
    if (org) {
      const shared = await settle(org.consume('org'));
      if (!shared.ok) outcome.limited = { scope: 'org', retryAfterSeconds: seconds(shared.res.msBeforeNext) };
    }
    return outcome;
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

/** Whole seconds, at least 1: Retry-After and inin-ratelimit-reset are integers. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}

async function settle(p: Promise<RateLimiterRes>): Promise<{ ok: boolean; res: RateLimiterRes }> {
  try {
    return { ok: true, res: await p };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, res: error };
    throw error;
  }
}
