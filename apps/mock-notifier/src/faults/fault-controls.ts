import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { seededRandom } from './random.js';

export const errorRateSchema = z.object({
  /** Share of API requests that fail, 0..1. */
  rate: z.number().min(0).max(1),
  status: z.number().int().min(400).max(599).default(503),
  /** Sent as Retry-After. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  /** Fail at most this many requests, then stop. */
  count: z.number().int().min(1).optional(),
  /**
   * Record the notification, then answer the error anyway: the acknowledgement is lost, as when a connection
   * drops after the work was done. A caller that retries without idempotency then delivers twice.
   */
  afterRecording: z.boolean().default(false),
});
export type ErrorRateSpec = z.infer<typeof errorRateSchema>;

export const slowSchema = z.object({
  delayMs: z.number().int().min(1).max(600_000),
  /** Extra random delay in [0, jitterMs). */
  jitterMs: z.number().int().min(0).max(600_000).default(0),
  /** Share of API requests delayed, 0..1. */
  rate: z.number().min(0).max(1).default(1),
});
export type SlowSpec = z.infer<typeof slowSchema>;

export interface InjectedError {
  error: HttpError;
  afterRecording: boolean;
}

/**
 * The faults in force on the API routes: at most one error rate and one slow fault (a new one replaces the old).
 * Every draw comes from one generator seeded with the fault seed; reset() restarts it.
 */
export class FaultControls {
  private errorRate: (ErrorRateSpec & { injected: number }) | undefined;
  private slow: (SlowSpec & { delayed: number }) | undefined;
  private draw: () => number;

  constructor(private readonly seed: number) {
    this.draw = seededRandom(seed);
  }

  setErrorRate(spec: ErrorRateSpec) {
    this.errorRate = { ...spec, injected: 0 };
    return this.errorRate;
  }

  setSlow(spec: SlowSpec) {
    this.slow = { ...spec, delayed: 0 };
    return this.slow;
  }

  /** Removes one kind of fault; false when none was set. */
  clear(kind: 'error-rate' | 'slow'): boolean {
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

  /** The injected error for this request, if any, and whether it comes after the notification is recorded. */
  errorFor(): InjectedError | undefined {
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
    return { error, afterRecording: fault.afterRecording };
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
