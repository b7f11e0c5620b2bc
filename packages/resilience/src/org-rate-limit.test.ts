import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from '../test/recorder.js';
import { RateLimitExceededError } from './errors.js';
import { OrgRateLimiter } from './org-rate-limit.js';

/** Just enough of an ioredis client for RateLimiterRedis: a fixed-window counter, and a status we can flip. */
function fakeRedis() {
  const counters = new Map<string, { count: number; expiresAt: number }>();
  const client = {
    status: 'ready',
    hang: false,
    defineCommand: () => {},
    rlflxIncr: async ([key, points, seconds]: string[]) => {
      if (client.hang) return new Promise(() => {});
      if (client.status !== 'ready') throw new Error('Connection is closed.');
      const now = Date.now();
      let entry = counters.get(key!);
      if (!entry || entry.expiresAt <= now) {
        entry = { count: 0, expiresAt: now + Number(seconds) * 1_000 };
        counters.set(key!, entry);
      }
      entry.count += Number(points);
      return [entry.count, entry.expiresAt - now];
    },
  };
  return client;
}

describe('org rate limit on a frozen Redis', () => {
  it("ends at the caller's deadline while a Redis command is still out (a frozen Redis)", async () => {
    const redis = fakeRedis();
    redis.hang = true;
    const limiter = new OrgRateLimiter({ events: recorder().events, redis: redis as unknown as Redis });
    const started = Date.now();
    await expect(limiter.acquire('conversations', AbortSignal.timeout(50))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('org rate limit', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('defaults to 280 per 60 s, 70 per process without Redis (4 expected replicas), waiting at most 30 s', () => {
    const limiter = new OrgRateLimiter({ events: recorder().events });
    expect([limiter.budgetPerWindow, limiter.localBudget, limiter.maxWaitMs]).toEqual([280, 70, 30_000]);
    expect(limiter.mode).toBe('local');
  });

  it('makes callers wait for the next window instead of failing', async () => {
    const { events, of } = recorder();
    const limiter = new OrgRateLimiter({ events, budgetPerWindow: 2, windowSeconds: 1, expectedReplicas: 1 });
    await limiter.acquire('routing');
    await limiter.acquire('routing');
    let waited: number | undefined;
    void limiter.acquire('routing').then((ms) => {
      waited = ms;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(waited).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(waited).toBe(1_000);
    expect(of('rate-limit-wait')).toEqual([
      { type: 'rate-limit-wait', family: 'routing', waitMs: 1_000, source: 'local' },
    ]);
  });

  it('keeps one budget per API family', async () => {
    const limiter = new OrgRateLimiter({ events: recorder().events, budgetPerWindow: 1, expectedReplicas: 1 });
    await limiter.acquire('routing');
    await expect(limiter.acquire('analytics')).resolves.toBe(0);
  });

  it('fails at once with RateLimitExceededError when the wait would exceed maxWaitMs', async () => {
    const { events, of } = recorder();
    const limiter = new OrgRateLimiter({
      events,
      budgetPerWindow: 1,
      windowSeconds: 1,
      expectedReplicas: 1,
      maxWaitMs: 500,
    });
    await limiter.acquire('users');
    await expect(limiter.acquire('users')).rejects.toBeInstanceOf(RateLimitExceededError);
    expect(of('rate-limit-wait')).toHaveLength(0);
  });

  it('counts in Redis, falls back to the local share when Redis is unreachable, and says so once each way', async () => {
    const { events, of } = recorder();
    const redis = fakeRedis();
    const limiter = new OrgRateLimiter({
      events,
      redis: redis as unknown as Redis,
      budgetPerWindow: 8,
      windowSeconds: 60,
      expectedReplicas: 4,
      maxWaitMs: 0,
    });
    for (let i = 0; i < 8; i++) await limiter.acquire('analytics');
    await expect(limiter.acquire('analytics')).rejects.toBeInstanceOf(RateLimitExceededError);
    expect(limiter.mode).toBe('redis');

    redis.status = 'reconnecting';
    await limiter.acquire('analytics');
    await limiter.acquire('analytics');
    await expect(limiter.acquire('analytics')).rejects.toBeInstanceOf(RateLimitExceededError); // local share: 8 / 4
    expect(limiter.mode).toBe('local');

    redis.status = 'ready';
    await limiter.acquire('routing');
    expect(limiter.mode).toBe('redis');
    expect(of('rate-limit-mode').map((e) => e.mode)).toEqual(['local', 'redis']);
  });
});
