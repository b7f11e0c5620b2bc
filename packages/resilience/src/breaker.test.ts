import { BrokenCircuitError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, recorder } from '../test/recorder.js';
import { Breaker, type BreakerOptions } from './breaker.js';
import { HttpStatusError, TimeoutError } from './errors.js';

const fail = (error: unknown) => () => Promise.reject(error);
const ok = () => Promise.resolve('ok');
const unavailable = new HttpStatusError(503);

function make(options: Partial<BreakerOptions> = {}) {
  const rec = recorder();
  const breaker = new Breaker({ dependency: 'crm', events: rec.events, random: () => 0.5, ...options });
  const run = (call: () => Promise<unknown>) => breaker.execute(call).catch((error: unknown) => error);
  return { ...rec, breaker, run };
}

describe('circuit breaker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens after 5 consecutive failures and then rejects without calling', async () => {
    const { breaker, run, of } = make();
    for (let i = 0; i < 4; i++) await run(fail(unavailable));
    expect(breaker.state).toBe('closed');
    await run(fail(unavailable));
    expect(breaker.state).toBe('open');
    const call = vi.fn(ok);
    expect(await run(call)).toBeInstanceOf(BrokenCircuitError);
    expect(call).not.toHaveBeenCalled();
    expect(of('breaker-state')).toEqual([
      { type: 'breaker-state', dependency: 'crm', from: 'closed', to: 'open', shared: false },
    ]);
    expect(of('breaker-rejected')).toEqual([{ type: 'breaker-rejected', dependency: 'crm' }]);
  });

  it('counts timeouts and connection refusals; a success resets the count', async () => {
    const { breaker, run } = make({ threshold: 3 });
    await run(fail(new TimeoutError(3_000)));
    await run(fail(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })));
    await run(ok);
    await run(fail(new TimeoutError(3_000)));
    await run(fail(new TimeoutError(3_000)));
    expect(breaker.state).toBe('closed');
    await run(fail(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })));
    expect(breaker.state).toBe('open');
  });

  it('ignores 404s and other 4xx, but counts 429', async () => {
    const { breaker, run } = make();
    for (let i = 0; i < 20; i++) await run(fail(new HttpStatusError(i % 2 ? 404 : 400)));
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 5; i++) await run(fail(new HttpStatusError(429)));
    expect(breaker.state).toBe('open');
  });

  it('rate kind: needs at least 3 calls in the window, then opens above 50 % failures', async () => {
    const { breaker, run } = make({ kind: 'rate', windowMs: 10_000 });
    await run(fail(unavailable));
    await run(fail(unavailable));
    expect(breaker.state).toBe('closed');
    await run(fail(unavailable));
    expect(breaker.state).toBe('open');
  });

  it('rate kind: exactly 50 % stays closed; failures older than the window are forgotten', async () => {
    const half = make({ kind: 'rate', windowMs: 10_000 });
    await half.run(ok);
    await half.run(fail(unavailable));
    await half.run(ok);
    await half.run(fail(unavailable));
    expect(half.breaker.state).toBe('closed');

    const old = make({ kind: 'rate', windowMs: 10_000 });
    await old.run(fail(unavailable));
    await old.run(fail(unavailable));
    await vi.advanceTimersByTimeAsync(11_000);
    await old.run(fail(unavailable));
    expect(old.breaker.state).toBe('closed');
  });

  it('goes half-open after the jittered delay, not before', async () => {
    // 10 s x (1 + 0.2 x 0.5) = 11 s
    const { breaker, run } = make({ threshold: 1 });
    await run(fail(unavailable));
    expect(breaker.openMs).toBe(11_000);
    await vi.advanceTimersByTimeAsync(10_999);
    const early = vi.fn(ok);
    expect(await run(early)).toBeInstanceOf(BrokenCircuitError);
    expect(early).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await run(ok)).toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('jitters the open period with the random source', async () => {
    const periods: number[] = [];
    for (const random of [0, 0.5, 1]) {
      const { breaker, run } = make({ threshold: 1, random: () => random });
      await run(fail(unavailable));
      periods.push(breaker.openMs);
    }
    expect(periods).toEqual([10_000, 11_000, 12_000]);
  });

  it('half-open admits exactly one probe and rejects the others fast', async () => {
    const { breaker, run, of } = make({ threshold: 1, halfOpenJitter: 0 });
    await run(fail(unavailable));
    await vi.advanceTimersByTimeAsync(10_000);
    const probe = deferred<string>();
    const probeCall = vi.fn(() => probe.promise);
    const probing = run(probeCall);
    expect(breaker.state).toBe('half-open');
    const second = vi.fn(ok);
    expect(await run(second)).toBeInstanceOf(BrokenCircuitError);
    expect(second).not.toHaveBeenCalled();
    probe.resolve('probe ok');
    expect(await probing).toBe('probe ok');
    expect(probeCall).toHaveBeenCalledTimes(1);
    expect(breaker.state).toBe('closed');
    expect(await run(second)).toBe('ok');
    expect(of('breaker-state').map((e) => e.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe reopens for a longer period', async () => {
    const { breaker, run } = make({ threshold: 1, halfOpenJitter: 0 });
    await run(fail(unavailable));
    await vi.advanceTimersByTimeAsync(10_000);
    await run(fail(unavailable));
    expect(breaker.state).toBe('open');
    expect(breaker.openMs).toBe(20_000);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(await run(ok)).toBeInstanceOf(BrokenCircuitError);
  });

  it('isolate() holds it open on behalf of another replica, reported as shared', async () => {
    const { breaker, run, of } = make();
    const handle = breaker.isolate();
    expect(breaker.state).toBe('isolated');
    expect(await run(ok)).toBeInstanceOf(BrokenCircuitError);
    handle.dispose();
    expect(breaker.state).toBe('closed');
    expect(of('breaker-state')).toEqual([
      { type: 'breaker-state', dependency: 'crm', from: 'closed', to: 'isolated', shared: true },
      { type: 'breaker-state', dependency: 'crm', from: 'isolated', to: 'closed', shared: true },
    ]);
  });
});
