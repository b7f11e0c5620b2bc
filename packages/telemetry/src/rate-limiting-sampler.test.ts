import { context, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimitingSampler } from './rate-limiting-sampler.js';

const decide = (sampler: RateLimitingSampler) =>
  sampler.shouldSample(context.active(), '4bf92f3577b34da6a3ce929d0e0e4736', 'GET', SpanKind.SERVER, {}, []).decision;

afterEach(() => vi.useRealTimers());

describe('RateLimitingSampler', () => {
  it('samples a second’s worth at once, then only as the bucket refills', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const sampler = new RateLimitingSampler(10);
    const first = Array.from({ length: 15 }, () => decide(sampler));
    expect(first.filter((d) => d === SamplingDecision.RECORD_AND_SAMPLED)).toHaveLength(10);
    expect(first.slice(10).every((d) => d === SamplingDecision.NOT_RECORD)).toBe(true);
    vi.advanceTimersByTime(300); // three tokens back
    const later = Array.from({ length: 5 }, () => decide(sampler));
    expect(later.filter((d) => d === SamplingDecision.RECORD_AND_SAMPLED)).toHaveLength(3);
    vi.advanceTimersByTime(60_000); // never more than one second's worth saved up
    const burst = Array.from({ length: 20 }, () => decide(sampler));
    expect(burst.filter((d) => d === SamplingDecision.RECORD_AND_SAMPLED)).toHaveLength(10);
  });
});

describe('RateLimitingSampler.hasBudget', () => {
  it('says whether the next root would be sampled without spending the token', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const sampler = new RateLimitingSampler(2);
    for (let i = 0; i < 10; i++) expect(sampler.hasBudget()).toBe(true);
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(sampler.hasBudget()).toBe(true);
    expect(decide(sampler)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(sampler.hasBudget()).toBe(false);
    expect(decide(sampler)).toBe(SamplingDecision.NOT_RECORD);
    vi.advanceTimersByTime(500); // one token back
    expect(sampler.hasBudget()).toBe(true);
  });
});
