import { CircuitState } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateBreaker } from './rate-breaker.js';

const { Closed, HalfOpen } = CircuitState;

describe('rate breaker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens only above the rate, and only once the minimum of calls is reached', () => {
    const breaker = new RateBreaker({ failureRate: 0.5, minimumCalls: 4, windowMs: 10_000 });
    breaker.success(Closed);
    expect(breaker.failure(Closed)).toBe(false); // 1 of 2
    expect(breaker.failure(Closed)).toBe(false); // 2 of 3, under the minimum
    expect(breaker.failure(Closed)).toBe(true); // 3 of 4
  });

  it('forgets calls older than the window even after a quiet spell (unlike SamplingBreaker)', async () => {
    const breaker = new RateBreaker({ failureRate: 0.5, minimumCalls: 3, windowMs: 10_000 });
    breaker.failure(Closed);
    breaker.failure(Closed);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(breaker.failure(Closed)).toBe(false);
    expect(breaker.totals()).toEqual({ successes: 0, failures: 1 });
  });

  it('a failed probe reopens; a successful probe starts a fresh window', () => {
    const breaker = new RateBreaker({ failureRate: 0.5, minimumCalls: 3, windowMs: 10_000 });
    expect(breaker.failure(HalfOpen)).toBe(true);
    breaker.failure(Closed);
    breaker.success(HalfOpen);
    expect(breaker.totals()).toEqual({ successes: 1, failures: 0 });
  });

  it('round-trips its state and refuses a rate outside (0, 1)', () => {
    const breaker = new RateBreaker({ failureRate: 0.5, minimumCalls: 3, windowMs: 10_000 });
    breaker.failure(Closed);
    const copy = new RateBreaker({ failureRate: 0.5, minimumCalls: 3, windowMs: 10_000 });
    copy.state = breaker.state;
    expect(copy.totals()).toEqual({ successes: 0, failures: 1 });
    expect(() => new RateBreaker({ failureRate: 1, minimumCalls: 3, windowMs: 1_000 })).toThrow(RangeError);
  });
});
