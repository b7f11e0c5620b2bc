import { type RunningLab, type RunningProcess, startLab } from '@lab/lab-runner';
import { BrokenCircuitError } from 'cockatiel';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Breaker } from '../../src/breaker.js';
import { HttpStatusError } from '../../src/errors.js';
import { createRedis, whenReady } from '../../src/redis.js';
import { SharedBreaker } from '../../src/shared-breaker.js';
import { recorder } from '../recorder.js';

// A throw-away redis-server on a free port, nothing persisted; stopped and restarted (same port) by some tests.
let lab: RunningLab;
let redis: RunningProcess;
const clients: Redis[] = [];
const sharedBreakers: SharedBreaker[] = [];

beforeAll(async () => {
  lab = await startLab({ services: [], redis: true });
  redis = lab.process('redis');
});

afterAll(async () => {
  for (const shared of sharedBreakers) await shared.close();
  for (const client of clients) client.disconnect();
  await lab?.stop();
});

const fail = () => Promise.reject(new HttpStatusError(503));
const client = async () => {
  const c = createRedis(lab.redisUrl);
  clients.push(c);
  await whenReady(c);
  return c;
};

/** One replica of `service`: its own breaker, Redis connection and shared breaker. */
async function replica(service: string, name: string, halfOpenAfterMs = 600) {
  const rec = recorder();
  const breaker = new Breaker({
    dependency: 'crm',
    events: rec.events,
    threshold: 2,
    halfOpenAfterMs,
    halfOpenJitter: 0,
  });
  const shared = new SharedBreaker({ breaker, service, redis: await client(), events: rec.events, instanceId: name });
  sharedBreakers.push(shared);
  await shared.start();
  return { ...rec, breaker, shared, run: (fn: () => Promise<unknown>) => breaker.execute(fn).catch((e: unknown) => e) };
}

const until = (what: string, check: () => boolean) =>
  vi.waitFor(() => expect(check(), what).toBe(true), { timeout: 5_000, interval: 10 });

describe('shared breaker (real redis-server)', () => {
  it('a breaker that opens in one replica is open in all, until the open period ends', async () => {
    const a = await replica('svc-one', 'a');
    const b = await replica('svc-one', 'b');
    await a.run(fail);
    await a.run(fail);
    expect(a.breaker.state).toBe('open');
    await until('b isolated', () => b.breaker.state === 'isolated');
    expect(a.of('shared-breaker-mode')).toEqual([]);

    const call = vi.fn(async () => 'ok');
    expect(await b.run(call)).toBeInstanceOf(BrokenCircuitError);
    expect(call).not.toHaveBeenCalled();
    expect(b.of('breaker-state')).toEqual([
      { type: 'breaker-state', dependency: 'crm', from: 'closed', to: 'isolated', shared: true },
    ]);
    const ttl = await (await client()).pttl('breaker:svc-one:crm');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);

    const late = await replica('svc-one', 'late');
    expect(late.breaker.state).toBe('isolated');

    await until('b closed again', () => b.breaker.state === 'closed' && late.breaker.state === 'closed');
    // b's hold started after a opened, so a's own open period is over too: a lets its probe through
    expect(await a.run(async () => 'probe ok')).toBe('probe ok');
    expect(a.breaker.state).toBe('closed');
    expect(await b.run(call)).toBe('ok');
  });

  it('follows open and closed messages on the channel, and ignores other services', async () => {
    const b = await replica('svc-two', 'b');
    const other = await replica('svc-three', 'other');
    const publisher = await client();
    await publisher.publish('breaker:svc-two:crm', JSON.stringify({ state: 'open', origin: 'x', ms: 30_000 }));
    await until('b isolated', () => b.breaker.state === 'isolated');
    expect(other.breaker.state).toBe('closed');
    await publisher.publish('breaker:svc-two:crm', JSON.stringify({ state: 'closed', origin: 'x' }));
    await until('b closed', () => b.breaker.state === 'closed');
    await publisher.publish('breaker:svc-two:crm', 'not json');
    expect(b.breaker.state).toBe('closed');
  });

  it('keeps breaking locally when Redis goes away, says so once, and shares again when it is back', async () => {
    const a = await replica('svc-four', 'a');
    await redis.stop();
    await until('a degraded', () => a.shared.sharedMode === 'local');
    expect(await a.run(async () => 'still ok')).toBe('still ok');
    await a.run(fail);
    await a.run(fail);
    expect(a.breaker.state).toBe('open');
    expect(await a.run(async () => 'x')).toBeInstanceOf(BrokenCircuitError);
    expect(a.of('shared-breaker-mode')).toEqual([
      expect.objectContaining({ type: 'shared-breaker-mode', dependency: 'crm', mode: 'local' }),
    ]);

    await redis.restart();
    await until('a shared again', () => a.shared.sharedMode === 'shared');
    expect(a.of('shared-breaker-mode').map((e) => e.mode)).toEqual(['local', 'shared']);
  });
});
