import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from '../test/recorder.js';
import { HeaderPacer, readRateLimitHeaders } from './header-pacer.js';

const headers = (count: number, allowed: number, reset: number) => ({
  'inin-ratelimit-count': String(count),
  'inin-ratelimit-allowed': String(allowed),
  'inin-ratelimit-reset': String(reset),
});

describe('header pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads inin-ratelimit-* headers, whatever their case, and ignores incomplete ones', () => {
    expect(
      readRateLimitHeaders({
        'ININ-RateLimit-Count': '3',
        'inin-ratelimit-allowed': '300',
        'inin-ratelimit-reset': '42',
      }),
    ).toEqual({
      count: 3,
      allowed: 300,
      resetSeconds: 42,
    });
    expect(readRateLimitHeaders({ 'inin-ratelimit-count': '3' })).toBeUndefined();
    expect(readRateLimitHeaders(undefined)).toBeUndefined();
  });

  it('emits what the platform said and does not slow down while the budget is ample', async () => {
    const { events, of } = recorder();
    const pacer = new HeaderPacer({ events });
    pacer.observe('routing', headers(100, 300, 30));
    expect(of('rate-limit-headers')).toEqual([
      { type: 'rate-limit-headers', family: 'routing', remaining: 200, allowed: 300, resetSeconds: 30 },
    ]);
    await expect(pacer.wait('routing')).resolves.toBe(0);
    expect(of('rate-limit-wait')).toHaveLength(0);
  });

  it('below 5 % remaining, spreads the remaining calls over the time to reset', async () => {
    const { events, of } = recorder();
    const pacer = new HeaderPacer({ events });
    pacer.observe('routing', headers(291, 300, 10)); // 9 left < 15: one call every 10 s / 10
    const done: number[] = [];
    void pacer.wait('routing').then(() => done.push(1));
    void pacer.wait('routing').then(() => done.push(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toEqual([1, 2]);
    expect(of('rate-limit-wait')).toEqual([
      { type: 'rate-limit-wait', family: 'routing', waitMs: 1_000, source: 'headers' },
      { type: 'rate-limit-wait', family: 'routing', waitMs: 2_000, source: 'headers' },
    ]);
    await expect(pacer.wait('analytics')).resolves.toBe(0);
  });

  it('with nothing left, waits for the reset; after the reset, no delay', async () => {
    const pacer = new HeaderPacer({ events: recorder().events });
    pacer.observe('users', headers(300, 300, 4));
    expect(pacer.delayFor('users')).toBe(4_000);
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(pacer.wait('users')).resolves.toBe(0);
  });

  it('stops pacing when the headers show budget again', async () => {
    const pacer = new HeaderPacer({ events: recorder().events, threshold: 0.1 });
    pacer.observe('users', headers(95, 100, 30));
    expect(pacer.delayFor('users')).toBeGreaterThan(0);
    pacer.observe('users', headers(1, 100, 60));
    expect(pacer.delayFor('users')).toBe(0);
  });
});
