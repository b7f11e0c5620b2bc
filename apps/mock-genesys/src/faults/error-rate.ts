import { z } from 'zod';
import { GenesysError, tooManyRequests } from '../errors.js';
import { faultTargetSchema, type RequestFacts, targets } from './target.js';

/** `error-rate`: answer a share of matching requests with an error status and the Genesys error body. */
export const errorRateSchema = z.object({
  target: faultTargetSchema,
  /** Share of matching requests that fail, 0..1. */
  rate: z.number().min(0).max(1),
  status: z.number().int().min(400).max(599).default(503),
  /** Sent as Retry-After on 429 and 503 answers. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  /** Fail at most this many requests, then the fault removes itself. */
  count: z.number().int().min(1).optional(),
});
export type ErrorRateSpec = z.infer<typeof errorRateSchema>;

export class ErrorRateFault {
  readonly kind = 'error-rate';
  private injected = 0;

  constructor(
    readonly id: string,
    readonly spec: ErrorRateSpec,
  ) {}

  get exhausted(): boolean {
    return this.spec.count !== undefined && this.injected >= this.spec.count;
  }

  /** The error to answer with, or undefined to let the request through. `draw` is the seeded random in [0, 1). */
  apply(request: RequestFacts, draw: () => number): GenesysError | undefined {
    if (this.exhausted || !targets(this.spec.target, request)) return undefined;
    if (draw() >= this.spec.rate) return undefined;
    this.injected++;
    const { status, retryAfterSeconds } = this.spec;
    if (status === 429) return tooManyRequests(retryAfterSeconds ?? 1);
    const headers: Record<string, string> =
      retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
    return new GenesysError(status, `Injected fault: status ${status} (fault ${this.id})`, undefined, [], headers);
  }

  describe() {
    return { id: this.id, kind: this.kind, injected: this.injected, ...this.spec };
  }
}
