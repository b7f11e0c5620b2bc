import { CircuitState, type IBreaker } from 'cockatiel';

export interface RateBreakerOptions {
  /** Share of failed calls above which the circuit opens, 0 < r < 1. */
  failureRate: number;
  /** Calls that must be in the window before it may open. */
  minimumCalls: number;
  /** The sliding window, kept as `buckets` slices (the oldest slice leaves whole). */
  windowMs: number;
  buckets?: number;
}

interface Bucket {
  start: number;
  successes: number;
  failures: number;
}

/**
 * Opens when more than `failureRate` of the calls in the last `windowMs` failed, once at least `minimumCalls` were
 * made. Hand-written IBreaker: cockatiel's SamplingBreaker states its minimum as requests per second and, after a
 * quiet spell, rotates one slice per call, so failures older than the window still count (a breaker that opens on
 * the first failure after an idle minute).
 */
export class RateBreaker implements IBreaker {
  private readonly sliceMs: number;
  private buckets: Bucket[];

  constructor(private readonly options: RateBreakerOptions) {
    if (!(options.failureRate > 0 && options.failureRate < 1)) throw new RangeError('failureRate must be in (0, 1)');
    const count = Math.max(1, options.buckets ?? 10);
    this.sliceMs = Math.max(1, Math.ceil(options.windowMs / count));
    this.buckets = Array.from({ length: count }, () => ({ start: -Infinity, successes: 0, failures: 0 }));
  }

  get state(): unknown {
    return this.buckets.map((bucket) => ({ ...bucket }));
  }

  set state(value: unknown) {
    if (Array.isArray(value) && value.length === this.buckets.length) this.buckets = structuredClone(value) as Bucket[];
  }

  success(state: CircuitState): void {
    // a successful probe closes the circuit: start afresh
    if (state === CircuitState.HalfOpen) this.reset();
    this.bucketNow().successes++;
  }

  failure(state: CircuitState): boolean {
    this.bucketNow().failures++;
    if (state !== CircuitState.Closed) return true;
    const { successes, failures } = this.totals();
    const total = successes + failures;
    return total >= this.options.minimumCalls && failures > this.options.failureRate * total;
  }

  /** Calls counted in the current window. */
  totals(now = Date.now()): { successes: number; failures: number } {
    let successes = 0;
    let failures = 0;
    for (const bucket of this.buckets) {
      if (bucket.start <= now - this.options.windowMs) continue;
      successes += bucket.successes;
      failures += bucket.failures;
    }
    return { successes, failures };
  }

  private bucketNow(): Bucket {
    const now = Date.now();
    const start = Math.floor(now / this.sliceMs) * this.sliceMs;
    const index = Math.floor(start / this.sliceMs) % this.buckets.length;
    let bucket = this.buckets[index]!;
    if (bucket.start !== start) {
      bucket = { start, successes: 0, failures: 0 };
      this.buckets[index] = bucket;
    }
    return bucket;
  }

  private reset(): void {
    for (const bucket of this.buckets) Object.assign(bucket, { start: -Infinity, successes: 0, failures: 0 });
  }
}
