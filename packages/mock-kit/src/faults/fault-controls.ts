import { HttpError } from '../http-error.js';
import type { ErrorRateSpec, FaultKind, SlowSpec } from './fault-specs.js';
import { seededRandom } from './seeded-random.js';

/** An error drawn for one request, with the error-rate fault that drew it (where an app reads its own fields). */
export interface InjectedError<E extends ErrorRateSpec = ErrorRateSpec> {
  error: HttpError;
  fault: Readonly<E>;
}

/**
 * The faults in force on the API routes: at most one error rate and one slow fault (a new one replaces the old).
 * Every draw comes from one generator seeded with the fault seed; reset() restarts it. `E` is the error-rate
 * spec, for apps that extend errorRateSchema.
 */
export class FaultControls<E extends ErrorRateSpec = ErrorRateSpec> {
  private errorRate: (E & { injected: number }) | undefined;
  private slow: (SlowSpec & { delayed: number }) | undefined;
  private draw: () => number;

  constructor(private readonly seed: number) {
    this.draw = seededRandom(seed);
  }

  setErrorRate(spec: E) {
    this.errorRate = { ...spec, injected: 0 };
    return this.errorRate;
  }

  setSlow(spec: SlowSpec) {
    this.slow = { ...spec, delayed: 0 };
    return this.slow;
  }

  /** Removes one kind of fault; false when none was set. */
  clear(kind: FaultKind): boolean {
    const had = kind === 'error-rate' ? this.errorRate !== undefined : this.slow !== undefined;
    if (kind === 'error-rate') this.errorRate = undefined;
    else this.slow = undefined;
    return had;
  }

  reset(seed = this.seed): void {
    this.errorRate = undefined;
    this.slow = undefined;
    this.draw = seededRandom(seed);
  }

  /** The injected error for this request, if any. */
  errorFor(): InjectedError<E> | undefined {
    const fault = this.errorRate;
    if (!fault || this.draw() >= fault.rate) return undefined;
    fault.injected++;
    if (fault.count !== undefined && fault.injected >= fault.count) this.errorRate = undefined;
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    const error = new HttpError(
      fault.status,
      'injected_fault',
      `Injected fault: status ${fault.status}`,
      undefined,
      headers,
    );
    return { error, fault };
  }

  /** Milliseconds to wait before answering this request, or 0. */
  delayFor(): number {
    const fault = this.slow;
    if (!fault || this.draw() >= fault.rate) return 0;
    fault.delayed++;
    return fault.delayMs + Math.floor(this.draw() * fault.jitterMs);
  }

  describe() {
    return { errorRate: this.errorRate ?? null, slow: this.slow ?? null };
  }
}
