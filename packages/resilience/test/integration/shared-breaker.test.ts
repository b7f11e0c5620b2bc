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
  // The default probe lease (5 s), as the services run: a replica waiting on another's probe polls the key, so
  // none of the waits below depends on a lease running out.
  const redis = await client();
  const shared = new SharedBreaker({ breaker, service, redis, events: rec.events, instanceId: name });
  sharedBreakers.push(shared);
  await shared.start();
  return {
    ...rec,
    breaker,
    shared,
    redis,
    run: (fn: () => Promise<unknown>) => breaker.execute(fn).catch((e: unknown) => e),
  };
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

  it("a replica waiting on another's probe reads its result from the key, even when the message never came", async () => {
    const b = await replica('svc-six', 'b', 300);
    const admin = await client();
    const key = 'breaker:svc-six:crm';
    const lease = `${key}:probe`;
    /** Writes an opening of replica x into the key, as its announce does, without publishing it. */
    const openingOfX = async (periodMs: number) => {
      const until = Date.now() + periodMs;
      await admin.set(key, JSON.stringify({ origin: 'x', periodMs, until }), 'PX', periodMs + 60_000);
      return until;
    };
    // Every try of b for the lease: a spy on its real connection (the command still goes to Redis).
    const evalSpy = vi.spyOn(b.redis, 'eval');
    const triesOfB = () => evalSpy.mock.calls.filter((call) => call.includes(lease)).length;

    // x opened the fleet's breaker; it will hold the lease while it probes
    await admin.set(lease, 'x', 'PX', 5_000);
    await openingOfX(1_000);
    await admin.publish(key, JSON.stringify({ state: 'open', origin: 'x', ms: 1_000, periodMs: 1_000 }));
    await until('b isolated', () => b.breaker.state === 'isolated');
    // x's probe failed: the doubled period is in the key and the lease freed, but the message is lost. b must not
    // take the free lease at the end of the first period (it would probe during the second); it probes after it.
    const secondUntil = await openingOfX(2_000);
    await admin.del(lease);
    await until('b half-open', () => b.breaker.state === 'half-open');
    expect(Date.now()).toBeGreaterThanOrEqual(secondUntil);
    expect(await admin.get(lease)).toBe('b');
    expect(await b.run(fail)).toBeInstanceOf(HttpStatusError);
    await vi.waitFor(
      async () => expect(JSON.parse((await admin.get(key)) ?? '{}')).toMatchObject({ origin: 'b', periodMs: 4_000 }),
      { timeout: 2_000, interval: 10 },
    );
    await vi.waitFor(async () => expect(await admin.exists(lease), 'b freed the lease').toBe(0), {
      timeout: 2_000,
      interval: 10,
    });

    // x re-opens with a short period and wins its probe; b tries, loses and waits. x's probe succeeds (key and
    // lease deleted) but the closed message is lost: b closes well before x's 5 s lease would have ended.
    const tries = triesOfB();
    await admin.set(lease, 'x', 'PX', 5_000);
    await openingOfX(300);
    await admin.publish(key, JSON.stringify({ state: 'open', origin: 'x', ms: 300, periodMs: 300 }));
    await vi.waitFor(() => expect(triesOfB(), 'b tried for the lease and lost').toBeGreaterThan(tries), {
      timeout: 5_000,
      interval: 10,
    });
    expect(b.breaker.state).toBe('isolated');
    await admin.del(key, lease);
    const deleted = Date.now();
    await vi.waitFor(() => expect(b.breaker.state).toBe('closed'), { timeout: 2_000, interval: 10 });
    expect(Date.now() - deleted).toBeLessThan(2_000);
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
