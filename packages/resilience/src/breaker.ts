import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IBreaker,
  type IHalfOpenAfterBackoffContext,
  isBrokenCircuitError,
} from 'cockatiel';
import { definedOnly } from './defined.js';
import { type Call, countsTowardBreaker } from './errors.js';
import type { BreakerState, ResilienceEvents } from './events.js';
import { cappedExponential } from './exponential.js';
import { RateBreaker } from './rate-breaker.js';
import { resilienceDefaults } from './resilience-config.js';

export type BreakerKind = 'consecutive' | 'rate';

export interface BreakerOptions {
  dependency: string;
  events: ResilienceEvents;
  /** 'consecutive' (default): N failures in a row; 'rate': share of failures over a sliding window. */
  kind?: BreakerKind;
  /** consecutive: failures in a row that open the circuit (default 5). */
  threshold?: number;
  /** rate: share of failed calls above which it opens, 0 < r < 1 (default 0.5). */
  failureRate?: number;
  /** rate: calls needed in the window before it may open (default 3). */
  minimumCalls?: number;
  /** rate: length of the sliding window (default 10 s). */
  windowMs?: number;
  /** First open period before a half-open probe (default 10 s); doubles on each failed probe... */
  halfOpenAfterMs?: number;
  /** ...up to this (default 60 s). */
  maxHalfOpenAfterMs?: number;
  /** Open periods are stretched by up to this share at random (default 0.2), so replicas do not probe together. */
  halfOpenJitter?: number;
  /** For tests: the random source of the jitter. */
  random?: () => number;
}

export interface BreakerChange {
  from: BreakerState;
  to: BreakerState;
  /** True when another replica's breaker caused it (see SharedBreaker). */
  shared: boolean;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** The breaker that decides when to open: cockatiel's ConsecutiveBreaker, or our RateBreaker. */
export function breakerFor(options: Omit<BreakerOptions, 'dependency' | 'events'>): IBreaker {
  const s = { ...resilienceDefaults.breaker, ...definedOnly(options) };
  if (s.kind === 'consecutive') return new ConsecutiveBreaker(s.threshold);
  return new RateBreaker({ failureRate: s.failureRate, minimumCalls: s.minimumCalls, windowMs: s.windowMs });
}

const settingsOf = (options: Omit<BreakerOptions, 'dependency' | 'events'>) => ({
  ...resilienceDefaults.breaker,
  ...definedOnly(options),
});

/**
 * A circuit breaker per dependency (cockatiel). Failures are `countsTowardBreaker` (timeouts, connection errors,
 * 5xx, 429; not other 4xx). Open periods are jittered and grow on failed probes; half-open lets exactly one probe
 * through and rejects every other call at once. Emits `breaker-state` and `breaker-rejected`.
 */
export class Breaker {
  readonly dependency: string;
  private readonly policy: CircuitBreakerPolicy;
  private current: BreakerState = 'closed';
  private openPeriodMs = 0;
  private sharedCause = false;
  private probeGrant: ((ok: boolean) => void) | undefined;
  private readonly settings: ReturnType<typeof settingsOf>;
  private readonly random: () => number;
  private readonly listeners = new Set<(change: BreakerChange) => void>();

  constructor(private readonly options: BreakerOptions) {
    this.dependency = options.dependency;
    const s = settingsOf(options);
    this.settings = s;
    const random = options.random ?? Math.random;
    this.random = random;
    const halfOpenAfter = new DelegateBackoff<IHalfOpenAfterBackoffContext>(({ attempt }) => {
      const grown = cappedExponential(attempt - 1, { baseMs: s.halfOpenAfterMs, maxMs: s.maxHalfOpenAfterMs });
      this.openPeriodMs = Math.round(Math.min(s.maxHalfOpenAfterMs, grown * (1 + s.halfOpenJitter * random())));
      return this.openPeriodMs;
    });
    this.policy = circuitBreaker(handleWhen(countsTowardBreaker), { breaker: breakerFor(s), halfOpenAfter });
    this.policy.onStateChange((state) => this.changed(STATES[state]));
  }

  get state(): BreakerState {
    return this.current;
  }

  /** How long the latest open period lasts (ms), jitter included. */
  get openMs(): number {
    return this.openPeriodMs;
  }

  /** The open period after a failed probe of one that lasted `previousMs`: doubled, jittered, capped. */
  nextOpenMs(previousMs: number): number {
    const { maxHalfOpenAfterMs: max, halfOpenJitter: jitter } = this.settings;
    return Math.round(Math.min(max, Math.min(max, previousMs * 2) * (1 + jitter * this.random())));
  }

  onChange(listener: (change: BreakerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `call` through the breaker. While isolated with a probe granted (see `grantProbe`), the first call runs
   * `probe` (default `call`; e.g. one attempt, no retries) as the fleet's probe and reports its outcome.
   */
  async execute<T>(call: Call<T>, signal?: AbortSignal, probe: Call<T> = call): Promise<T> {
    const grant = this.probeGrant;
    if (grant && this.policy.state === CircuitState.Isolated) {
      this.probeGrant = undefined;
      return this.runProbe(probe, grant, signal);
    }
    try {
      // cockatiel would park extra half-open calls until the probe ends; we fail them fast instead.
      if (this.policy.state === CircuitState.HalfOpen)
        throw new BrokenCircuitError('circuit half-open: probe in flight');
      return await this.policy.execute(({ signal: inner }) => call(inner), signal);
    } catch (error) {
      if (isBrokenCircuitError(error))
        this.options.events.emit({ type: 'breaker-rejected', dependency: this.dependency });
      throw error;
    }
  }

  /**
   * While isolated: lets the next call through as the probe of the fleet (state 'half-open'); `onResult` hears
   * whether the dependency answered. A failed probe leaves the breaker isolated; `revokeProbe` withdraws an unused grant.
   */
  grantProbe(onResult: (ok: boolean) => void): void {
    if (this.policy.state !== CircuitState.Isolated) return;
    this.probeGrant = onResult;
    this.asShared(() => this.changed('half-open'));
  }

  revokeProbe(): void {
    if (!this.probeGrant) return;
    this.probeGrant = undefined;
    if (this.policy.state === CircuitState.Isolated) this.asShared(() => this.changed('isolated'));
  }

  private async runProbe<T>(probe: Call<T>, onResult: (ok: boolean) => void, signal?: AbortSignal): Promise<T> {
    const ended = (ok: boolean) => {
      if (!ok && this.policy.state === CircuitState.Isolated) this.asShared(() => this.changed('isolated'));
      onResult(ok);
    };
    try {
      const value = await probe(signal ?? new AbortController().signal);
      ended(true);
      return value;
    } catch (error) {
      ended(!countsTowardBreaker(error));
      throw error;
    }
  }

  /** Holds the circuit open on behalf of another replica until `dispose()` (state 'isolated', shared: true). */
  isolate(): { dispose(): void } {
    const handle = this.asShared(() => this.policy.isolate());
    return { dispose: () => this.asShared(() => handle.dispose()) };
  }

  private asShared<T>(fn: () => T): T {
    this.sharedCause = true;
    try {
      return fn();
    } finally {
      this.sharedCause = false;
    }
  }

  private changed(to: BreakerState): void {
    const change = { from: this.current, to, shared: this.sharedCause };
    this.current = to;
    this.options.events.emit({ type: 'breaker-state', dependency: this.dependency, ...change });
    for (const listener of this.listeners) listener(change);
  }
}
