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
  // A probe here is one instant call: a 1 s lease is still longer than an attempt, and keeps the path where a
  // replica looks again at the lease's end (it missed an announcement under load) inside the tests' 5 s waits.
  const shared = new SharedBreaker({
    breaker,
    service,
    redis: await client(),
    events: rec.events,
    instanceId: name,
    probeLeaseMs: 1_000,
  });
  sharedBreakers.push(shared);
  await shared.start();
  return { ...rec, breaker, shared, run: (fn: () => Promise<unknown>) => breaker.execute(fn).catch((e: unknown) => e) };
}

const until = (what: string, check: () => boolean) =>
  vi.waitFor(() => expect(check(), what).toBe(true), { timeout: 5_000, interval: 10 });

describe('shared breaker (real redis-server)', () => {
  it('opens in every replica; after the period one replica probes for all, and its success closes every one', async () => {
    const a = await replica('svc-one', 'a');
    const b = await replica('svc-one', 'b');
    const c = await replica('svc-one', 'c');
    await a.run(fail);
    await a.run(fail);
    await until('every replica isolated', () => [a, b, c].every((r) => r.breaker.state === 'isolated'));
    expect(a.of('shared-breaker-mode')).toEqual([]);
    expect(b.of('breaker-state')).toEqual([
      { type: 'breaker-state', dependency: 'crm', from: 'closed', to: 'isolated', shared: true },
    ]);
    const late = await replica('svc-one', 'late');
    expect(late.breaker.state).toBe('isolated');
    const fleet = [a, b, c, late];

    const reached = vi.fn(async () => 'ok');
    for (const r of fleet) expect(await r.run(reached)).toBeInstanceOf(BrokenCircuitError);
    expect(reached).not.toHaveBeenCalled();

    // the period ends: one replica wins the probe lease, the others stay isolated
    await until('one replica half-open', () => fleet.some((r) => r.breaker.state === 'half-open'));
    expect(fleet.filter((r) => r.breaker.state === 'half-open')).toHaveLength(1);
    expect(fleet.filter((r) => r.breaker.state === 'isolated')).toHaveLength(3);
    const prober = fleet.find((r) => r.breaker.state === 'half-open');
    expect(await (await client()).get('breaker:svc-one:crm:probe')).toBe(prober?.shared.instanceId);

    // every replica is called at once: only the probe reaches the dependency
    const results = await Promise.all(fleet.map((r) => r.run(reached)));
    expect(reached).toHaveBeenCalledTimes(1);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    await vi.waitFor(() => expect(fleet.map((r) => r.breaker.state)).toEqual(fleet.map(() => 'closed')), {
      timeout: 2_000,
      interval: 10,
    });
    expect(await (await client()).exists('breaker:svc-one:crm', 'breaker:svc-one:crm:probe')).toBe(0);
    expect(await b.run(reached)).toBe('ok');
  });

  it('a failed probe re-opens every replica with the doubled period', async () => {
    const a = await replica('svc-five', 'a', 300);
    const b = await replica('svc-five', 'b', 300);
    await a.run(fail);
    await a.run(fail);
    await until('b isolated', () => b.breaker.state === 'isolated');
    const first = JSON.parse((await (await client()).get('breaker:svc-five:crm')) ?? '{}');
    expect(first).toMatchObject({ origin: 'a', periodMs: 300 });

    await until('one replica half-open', () => [a, b].some((r) => r.breaker.state === 'half-open'));
    const [prober, other] = a.breaker.state === 'half-open' ? [a, b] : [b, a];
    expect(await prober.run(fail)).toBeInstanceOf(HttpStatusError);
    expect(prober.breaker.state).toBe('isolated');
    await until('the doubled opening is published', () => other.of('breaker-state').length >= 1);
    const second = JSON.parse((await (await client()).get('breaker:svc-five:crm')) ?? '{}');
    expect(second).toMatchObject({ origin: prober.shared.instanceId, periodMs: 600 });
    expect(other.breaker.state).toBe('isolated');

    // the next period ends in a probe too; its success closes both
    await until('half-open again', () => [a, b].some((r) => r.breaker.state === 'half-open'));
    const again = a.breaker.state === 'half-open' ? a : b;
    expect(await again.run(async () => 'back')).toBe('back');
    await until('both closed', () => a.breaker.state === 'closed' && b.breaker.state === 'closed');
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
    const a = await replica('svc-four', 'a', 5_000);
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

    // a opened while Redis was away: published when it is back, so a replica that never failed isolates
    const b = await replica('svc-four', 'b');
    await until("b isolated by a's opening", () => b.breaker.state === 'isolated');
    expect(JSON.parse((await (await client()).get('breaker:svc-four:crm')) ?? '{}')).toMatchObject({ origin: 'a' });
  });
});
