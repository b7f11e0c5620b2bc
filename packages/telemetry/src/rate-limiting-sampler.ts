import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Samples at most `perSecond` traces per second (a token bucket holding one second's worth, so a burst of that
 * many passes at once), the rest not recorded. Used as the root sampler under ParentBasedSampler: a trace a caller
 * asked for (a sampled traceparent) is always kept, and of the traces that start in this process (requests without
 * a traceparent, background jobs) a bounded number, so that a flood of untraced requests cannot make tracing cost
 * more than the work. OpenTelemetry JS has no rate-limiting sampler (Jaeger's clients had one, `ratelimiting`).
 */
export class RateLimitingSampler implements Sampler {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }

  shouldSample(
    _context: Context,
    _traceId: string,
    _name: string,
    _kind: SpanKind,
    _attributes: Attributes,
    _links: Link[],
  ): SamplingResult {
    if (!this.hasBudget()) return { decision: SamplingDecision.NOT_RECORD };
    this.tokens -= 1;
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  /** Whether the next root would be sampled, without spending the token (the root trace gate's question). */
  hasBudget(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1_000) * this.perSecond);
    this.last = now;
    return this.tokens >= 1;
  }

  toString(): string {
    return `RateLimitingSampler{${this.perSecond}/s}`;
  }
}
