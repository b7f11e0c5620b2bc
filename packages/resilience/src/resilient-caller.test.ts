import { BrokenCircuitError, BulkheadRejectedError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, hanging, recorder } from '../test/recorder.js';
import { HttpStatusError, RateLimitExceededError, TimeoutError } from './errors.js';
import { type ResilienceConfigInput, resilienceConfigSchema } from './resilience-config.js';
import { createResilientCaller } from './resilient-caller.js';

function make(input: ResilienceConfigInput = {}) {
  const rec = recorder();
  const config = resilienceConfigSchema.parse(input);
  const caller = createResilientCaller({ dependency: 'crm', service: 'svc', events: rec.events, config });
  /** Runs a call to completion, timers included; resolves with its value or its error. */
  const settle = async <T>(promise: Promise<T>): Promise<T | unknown> => {
    const settled = promise.catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    return settled;
  };
  return { ...rec, caller, settle };
}

const failing = (status: number) => vi.fn(async (): Promise<string> => Promise.reject(new HttpStatusError(status)));

describe('resilient caller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits one call event per whole call, retries included', async () => {
    const { caller, settle, of } = make();
    const fn = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new HttpStatusError(503))
      .mockRejectedValueOnce(new HttpStatusError(502))
      .mockResolvedValue('ok');
    expect(await settle(caller.call(fn))).toEqual({ value: 'ok', source: 'fresh' });
    expect(of('call')).toEqual([
      { type: 'call', dependency: 'crm', outcome: 'success', durationMs: expect.any(Number), attempts: 3 },
    ]);
    expect(of('retry')).toHaveLength(2);
  });

  it('gives a whole call one deadline, bulkhead queueing included: then the fallback answers, the breaker untouched', async () => {
    const { caller, of } = make({ bulkhead: { limit: 1, queue: 5 }, timeoutMs: 10_000 });
    const busy = deferred<string>();
    const first = caller.call(() => busy.promise);
    const queued = vi.fn(async () => 'late');
    const pending = caller.call(queued, { deadlineMs: 500, fallback: () => 'fallback' });
    await vi.advanceTimersByTimeAsync(499);
    expect(of('timeout')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const answer = await pending;
    expect(answer).toMatchObject({ value: 'fallback', source: 'fallback', lastError: expect.any(TimeoutError) });
    expect(queued).not.toHaveBeenCalled();
    expect(of('timeout')).toEqual([{ type: 'timeout', dependency: 'crm', timeoutMs: 500 }]);
    expect(caller.state().breaker).toBe('closed');
    busy.resolve('done');
    expect(await first).toEqual({ value: 'done', source: 'fresh' });
  });

  it('counts a retried-then-failed call once toward the breaker', async () => {
    const { caller, settle, of } = make();
    const fn = failing(503);
    for (let i = 0; i < 4; i++) await settle(caller.call(fn));
    expect(caller.state().breaker).toBe('closed');
    expect(fn).toHaveBeenCalledTimes(12);
    await settle(caller.call(fn));
    expect(caller.state().breaker).toBe('open');
    expect(await settle(caller.call(fn))).toBeInstanceOf(BrokenCircuitError);
    expect(fn).toHaveBeenCalledTimes(15);
    expect(of('call').map((e) => [e.outcome, e.attempts])).toEqual([
      ...Array.from({ length: 5 }, () => ['failure', 3]),
      ['rejected', 0],
    ]);
  });

  it('neither retries nor counts a 400', async () => {
    const { caller, settle } = make();
    const fn = failing(400);
    for (let i = 0; i < 10; i++) expect(await settle(caller.call(fn))).toMatchObject({ status: 400 });
    expect(fn).toHaveBeenCalledTimes(10);
    expect(caller.state().breaker).toBe('closed');
  });

  it('times out each attempt at timeoutMs and retries it', async () => {
    const { caller, settle, of } = make({ timeoutMs: 1_000 });
    const fn = vi.fn((signal: AbortSignal) => hanging<string>(signal));
    expect(await settle(caller.call(fn))).toBeInstanceOf(TimeoutError);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(of('timeout')).toHaveLength(3);
    expect(of('call')[0]).toMatchObject({ outcome: 'failure', attempts: 3 });
  });

  it('answers the fallback value when the breaker is open', async () => {
    const { caller, settle, of } = make({ breaker: { threshold: 1 }, retry: { maxAttempts: 1 } });
    await settle(caller.call(failing(503)));
    const fn = vi.fn(async () => 'real');
    expect(await settle(caller.call(fn, { fallback: () => 'queued for later' }))).toEqual({
      value: 'queued for later',
      source: 'fallback',
      lastError: expect.any(BrokenCircuitError),
    });
    expect(fn).not.toHaveBeenCalled();
    expect(of('fallback')).toEqual([{ type: 'fallback', dependency: 'crm', reason: 'breaker-open' }]);
    expect(of('call').at(-1)).toMatchObject({ outcome: 'fallback', attempts: 0 });
  });

  it('serves cache hits without calling, and the last good value when the call fails', async () => {
    const { caller, settle, of } = make({ cache: { ttlMs: 1_000 }, retry: { maxAttempts: 1 } });
    const fn = vi.fn<() => Promise<string>>().mockResolvedValueOnce('v1');
    expect(await settle(caller.call(fn, { cacheKey: 'contact:1' }))).toEqual({ value: 'v1', source: 'fresh' });
    expect(await settle(caller.call(fn, { cacheKey: 'contact:1' }))).toEqual({ value: 'v1', source: 'cache' });
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    fn.mockRejectedValueOnce(new HttpStatusError(503));
    expect(await settle(caller.call(fn, { cacheKey: 'contact:1' }))).toEqual({
      value: 'v1',
      source: 'stale',
      lastError: expect.objectContaining({ status: 503 }),
    });
    expect(of('cache').map((e) => e.outcome)).toEqual(['miss', 'hit', 'miss', 'stale']);
    expect(of('call').map((e) => [e.outcome, e.attempts])).toEqual([
      ['success', 1],
      ['success', 0],
      ['fallback', 1],
    ]);
  });

  it('rejects fast when the bulkhead is full', async () => {
    const { caller, of } = make({ bulkhead: { limit: 1, queue: 0 } });
    const gate = deferred<string>();
    const first = caller.call(() => gate.promise);
    await expect(caller.call(async () => 'x')).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(of('call')).toEqual([expect.objectContaining({ outcome: 'rejected', attempts: 0 })]);
    gate.resolve('done');
    await expect(first).resolves.toEqual({ value: 'done', source: 'fresh' });
  });

  it('waits for the org rate budget of the call family', async () => {
    const { caller, of } = make({ rateLimit: { budgetPerWindow: 1, windowSeconds: 1, expectedReplicas: 1 } });
    const fn = vi.fn(async () => 'ok');
    await caller.call(fn, { family: 'routing' });
    const second = caller.call(fn, { family: 'routing' });
    await vi.advanceTimersByTimeAsync(999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(second).resolves.toMatchObject({ value: 'ok' });
    expect(of('rate-limit-wait')).toEqual([
      { type: 'rate-limit-wait', family: 'routing', waitMs: 1_000, source: 'local' },
    ]);
    await caller.call(fn); // no family: no budget taken
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('takes one unit of org budget per attempt, retries included', async () => {
    const { caller, of, settle } = make({
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 1 },
      rateLimit: { budgetPerWindow: 2, windowSeconds: 60, expectedReplicas: 1, maxWaitMs: 120_000 },
    });
    const fn = vi
      .fn(async (): Promise<string> => 'ok')
      .mockRejectedValueOnce(new HttpStatusError(503))
      .mockRejectedValueOnce(new HttpStatusError(503));
    // Two attempts spend the window's budget of 2, so the third waits for the next window.
    await expect(settle(caller.call(fn, { family: 'analytics' }))).resolves.toMatchObject({ value: 'ok' });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(of('rate-limit-wait')).toHaveLength(1);
  });

  it('does not count its own rate-budget refusals toward the breaker', async () => {
    vi.useRealTimers(); // the refusal is immediate (maxWaitMs 0): no timer to drive
    const { caller } = make({
      retry: { maxAttempts: 1 },
      breaker: { threshold: 2 },
      rateLimit: { budgetPerWindow: 1, windowSeconds: 60, expectedReplicas: 1, maxWaitMs: 0 },
    });
    const fn = vi.fn(async () => 'ok');
    await caller.call(fn, { family: 'conversations' });
    for (let i = 0; i < 5; i++) {
      await expect(caller.call(fn, { family: 'conversations' })).rejects.toBeInstanceOf(RateLimitExceededError);
    }
    expect(fn).toHaveBeenCalledTimes(1);
    expect(caller.state().breaker).toBe('closed');
  });

  it('paces the next calls of a family on what the platform said (on its bus), answer or error', async () => {
    const { caller, events, of } = make({ retry: { maxAttempts: 1 } });
    // what the Genesys client emits, once, for every answer carrying inin-ratelimit-*: 1 left of 300, reset in 10 s
    const low = (family: string) =>
      events.emit({ type: 'rate-limit-headers', family, remaining: 1, allowed: 300, resetSeconds: 10 });
    const fn = vi.fn(async () => {
      low('users');
      return 'x';
    });
    // no settle() here: running every timer would also run the limiter's 60 s window and pass the reset
    await caller.call(fn, { family: 'users' });
    const next = caller.call(fn, { family: 'users' });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(fn).toHaveBeenCalledTimes(2);
    const limited = caller.call(
      async () => {
        low('analytics');
        throw new HttpStatusError(429, 'x');
      },
      { family: 'analytics' },
    );
    await expect(limited).rejects.toMatchObject({ status: 429 });
    const paced = caller.call(async () => 'y', { family: 'analytics' });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(
      of('rate-limit-wait')
        .filter((e) => e.source === 'headers')
        .map((e) => e.family),
    ).toEqual(['users', 'analytics']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(paced).resolves.toMatchObject({ value: 'y' });
    // the caller re-emits none of what it read
    expect(of('rate-limit-headers')).toHaveLength(3);
  });

  it('reports its state for health checks', () => {
    const { caller } = make();
    expect(caller.state()).toEqual({
      mode: 'resilient',
      dependency: 'crm',
      breaker: 'closed',
      bulkhead: { active: 0, queued: 0, limit: 10, queue: 20 },
      rateLimit: 'local',
    });
  });
});
