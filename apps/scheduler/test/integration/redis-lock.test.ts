import { type RunningLab, startLab } from '@lab/lab-runner';
import { createRedis, whenReady } from '@lab/resilience';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RedisLock } from '../../src/redis-lock.js';

// The lock against a real redis-server: two RedisLock instances stand for two replicas.
let lab: RunningLab;
let redis: Redis;
let other: Redis;
const logger = pino({ level: 'silent' });
const KEY = 'scheduler:lock:wfm-schedules';

beforeAll(async () => {
  lab = await startLab({ services: [], redis: true });
  redis = createRedis(lab.redisUrl);
  other = createRedis(lab.redisUrl);
  expect(await whenReady(redis)).toBe(true);
  expect(await whenReady(other)).toBe(true);
});
afterAll(async () => {
  redis?.disconnect();
  other?.disconnect();
  await lab?.stop();
});

describe('RedisLock against a real redis-server', () => {
  it('lets one replica hold the job, the other finds it held, until released', async () => {
    const a = new RedisLock({ redis, logger });
    const b = new RedisLock({ redis: other, logger });
    const held = await a.acquire('wfm-schedules', 60_000);
    expect(held).toMatchObject({ mode: 'redis', key: KEY });
    expect(await b.acquire('wfm-schedules', 60_000)).toEqual({ mode: 'held-elsewhere', key: KEY });
    const ttl = await redis.pttl(KEY);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    if (held.mode === 'held-elsewhere') throw new Error('expected a held lock');
    await held.release();
    expect(await redis.exists(KEY)).toBe(0);
    const next = await b.acquire('wfm-schedules', 60_000);
    expect(next.mode).toBe('redis');
    if (next.mode !== 'held-elsewhere') await next.release();
  });

  it('never frees a lock another replica took after ours expired', async () => {
    const a = new RedisLock({ redis, logger });
    const b = new RedisLock({ redis: other, logger });
    const expiring = await a.acquire('wfm-schedules', 100);
    // Wait for the expiry itself, not a guess at how long Redis takes to notice it.
    await vi.waitFor(async () => expect(await redis.exists(KEY)).toBe(0), { timeout: 2_000, interval: 20 });
    const taken = await b.acquire('wfm-schedules', 60_000);
    expect(taken.mode).toBe('redis');
    const token = await redis.get(KEY);

    if (expiring.mode === 'held-elsewhere' || taken.mode === 'held-elsewhere') throw new Error('expected held locks');
    await expiring.release(); // compare-and-delete: not our token any more
    expect(await redis.get(KEY)).toBe(token);
    await taken.release();
    expect(await redis.exists(KEY)).toBe(0);
  });
});
