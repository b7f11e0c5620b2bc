import { type RunningLab, type RunningProcess, startLab } from '@lab/lab-runner';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RateLimitExceededError } from '../../src/errors.js';
import { OrgRateLimiter, type OrgRateLimitOptions } from '../../src/org-rate-limit.js';
import { createRedis, whenReady } from '../../src/redis.js';
import { recorder } from '../recorder.js';

// A throw-away redis-server on a free port, nothing persisted; stopped and restarted (same port) by some tests.
let lab: RunningLab;
let redis: RunningProcess;
const clients: Redis[] = [];

beforeAll(async () => {
  lab = await startLab({ services: [], redis: true });
  redis = lab.process('redis');
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await lab?.stop();
});

async function client(): Promise<Redis> {
  const c = createRedis(lab.redisUrl);
  clients.push(c);
  await whenReady(c);
  return c;
}

/** One process of one service: its own connection and limiter. */
async function instance(options: Partial<OrgRateLimitOptions>) {
  const rec = recorder();
  const limiter = new OrgRateLimiter({ events: rec.events, redis: await client(), ...options });
  return { ...rec, limiter };
}

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'granted',
    (error: unknown) => (error instanceof RateLimitExceededError ? 'refused' : error),
  );

describe('org-wide rate limit (real redis-server)', () => {
  it('two instances share one budget: never more than the budget in a window', async () => {
    const settings = { budgetPerWindow: 10, windowSeconds: 60, expectedReplicas: 2, maxWaitMs: 0, keyPrefix: 'it-a' };
    const [a, b] = [await instance(settings), await instance(settings)];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome((i % 2 ? a : b).limiter.acquire('analytics'))),
    );
    expect(results.filter((r) => r === 'granted')).toHaveLength(10);
    expect(results.filter((r) => r === 'refused')).toHaveLength(20);
    expect([a.limiter.mode, b.limiter.mode]).toEqual(['redis', 'redis']);
    // the other family has its own budget
    await expect(a.limiter.acquire('routing')).resolves.toBe(0);
  });

  it('callers wait for the next window instead of failing, and each window stays within the budget', async () => {
    const settings = { budgetPerWindow: 5, windowSeconds: 1, maxWaitMs: 10_000, keyPrefix: 'it-b' };
    const [a, b] = [await instance(settings), await instance(settings)];
    const started = Date.now();
    const grantedAt = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await (i % 2 ? a : b).limiter.acquire('users');
        return Date.now() - started;
      }),
    );
    // 12 calls at 5 per window need three windows; the first 5 go at once
    expect(grantedAt.filter((ms) => ms < 500)).toHaveLength(5);
    expect(Math.max(...grantedAt)).toBeGreaterThanOrEqual(1_900);
    const waits = [...a.of('rate-limit-wait'), ...b.of('rate-limit-wait')];
    expect(waits.length).toBeGreaterThanOrEqual(7);
    expect(waits.every((w) => w.source === 'redis' && w.family === 'users')).toBe(true);
  });

  it('falls back to the local share when Redis is killed, says so once, and returns to Redis', async () => {
    const { limiter, of } = await instance({
      budgetPerWindow: 10,
      windowSeconds: 60,
      expectedReplicas: 2,
      maxWaitMs: 0,
      keyPrefix: 'it-c',
    });
    await limiter.acquire('conversations');
    expect(limiter.mode).toBe('redis');

    await redis.stop();
    await vi.waitFor(() => expect(clients.filter((c) => c.status === 'ready')).toEqual([]), {
      timeout: 5_000,
      interval: 100,
    });
    const local = await Promise.all(Array.from({ length: 8 }, () => outcome(limiter.acquire('conversations'))));
    expect(local.filter((r) => r === 'granted')).toHaveLength(5); // 10 / 2 replicas
    expect(limiter.mode).toBe('local');
    expect(of('rate-limit-mode')).toEqual([expect.objectContaining({ type: 'rate-limit-mode', mode: 'local' })]);

    await redis.restart();
    await vi.waitFor(
      async () => {
        await limiter.acquire('notifications').catch(() => undefined);
        expect(limiter.mode, 'the limiter back on Redis').toBe('redis');
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(of('rate-limit-mode').map((e) => e.mode)).toEqual(['local', 'redis']);
  });
});
