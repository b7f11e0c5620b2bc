import { z } from 'zod';
import { faultTargetSchema, type RequestFacts, targets } from './target.js';

/** `slow`: delay a share of matching responses inside the server (Toxiproxy's latency acts on TCP instead). */
export const slowSchema = z.object({
  target: faultTargetSchema,
  delayMs: z.number().int().min(1).max(600_000),
  /** Extra random delay in [0, jitterMs). */
  jitterMs: z.number().int().min(0).max(600_000).default(0),
  rate: z.number().min(0).max(1).default(1),
});
export type SlowSpec = z.infer<typeof slowSchema>;

export class SlowFault {
  readonly kind = 'slow';
  private delayed = 0;

  constructor(
    readonly id: string,
    readonly spec: SlowSpec,
  ) {}

  /** Milliseconds to wait before handling, or 0. */
  delayFor(request: RequestFacts, draw: () => number): number {
    if (!targets(this.spec.target, request) || draw() >= this.spec.rate) return 0;
    this.delayed++;
    return this.spec.delayMs + Math.floor(draw() * this.spec.jitterMs);
  }

  describe() {
    return { id: this.id, kind: this.kind, delayed: this.delayed, ...this.spec };
  }
}
