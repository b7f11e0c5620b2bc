import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from '../test/recorder.js';
import { HttpStatusError, TimeoutError } from './errors.js';
import { createRetry } from './retry.js';
import { parseRetryAfter } from './retry-after.js';

/** A call that fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: unknown[]) {
  const fn = vi.fn(async () => {
    const next = errors.shift();
    if (next !== undefined) throw next;
    return 'ok';
  });
  return fn;
}

const tooMany = (seconds: string) => new HttpStatusError(429, 'Too Many Requests', { 'Retry-After': seconds });

describe('retry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits exactly Retry-After on a 429: not at 1999 ms, at 2000 ms', async () => {
    const { events, of } = recorder();
    const fn = failing(tooMany('2'));
    const result = createRetry({ dependency: 'genesys', events }).execute(fn);
    await vi.advanceTimersByTimeAsync(0);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await expect(result).resolves.toBe('ok');
    expect(of('retry')).toEqual([
      {
        type: 'retry',
        dependency: 'genesys',
        attempt: 1,
        delayMs: 2_000,
        status: 429,
        error: 'http-429',
        retryAfterMs: 2_000,
      },
    ]);
  });

  it("'doubling' waits about 1, 2, 4 s (±20 %), and a Retry-After wins", async () => {
    const { events, of } = recorder();
    const draws = [0, 1, 0.5];
    const fn = failing(new HttpStatusError(503), new HttpStatusError(503), new HttpStatusError(429), tooMany('3'));
    const policy = createRetry({
      dependency: 'notifier',
      events,
      maxAttempts: 5,
      initialDelayMs: 1_000,
      maxDelayMs: 4_000,
      schedule: 'doubling',
      random: () => draws.shift() ?? 0.5,
    });
    const result = policy.execute(fn);
    await vi.advanceTimersByTimeAsync(20_000);
    await expect(result).resolves.toBe('ok');
    expect(of('retry').map((r) => r.delayMs)).toEqual([800, 2_400, 4_000, 3_000]);
  });

  it('never retries 400 or 401', async () => {
    for (const status of [400, 401]) {
      const fn = failing(new HttpStatusError(status));
      const policy = createRetry({ dependency: 'notifier', events: recorder().events, schedule: 'doubling' });
      await expect(policy.execute(fn)).rejects.toMatchObject({ status });
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('fails at once with the 429 when Retry-After exceeds maxRetryAfterMs', async () => {
    const { events, of } = recorder();
    const fn = failing(tooMany('61'));
    const result = createRetry({ dependency: 'genesys', events }).execute(fn);
    await expect(result).rejects.toMatchObject({ status: 429 });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(of('retry')).toHaveLength(0);

    const lenient = failing(tooMany('61'));
    const ok = createRetry({ dependency: 'genesys', events, maxRetryAfterMs: 120_000 }).execute(lenient);
    await vi.advanceTimersByTimeAsync(61_000);
    await expect(ok).resolves.toBe('ok');
  });

  it.each([400, 401, 403, 404, 409, 500])('never retries a %i', async (status) => {
    const { events, of } = recorder();
    const fn = failing(new HttpStatusError(status), new HttpStatusError(status));
    await expect(createRetry({ dependency: 'crm', events }).execute(fn)).rejects.toMatchObject({ status });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(of('retry')).toHaveLength(0);
  });

  it('makes at most 3 attempts by default, and maxAttempts when configured', async () => {
    const { events } = recorder();
    const always = vi.fn(async () => {
      throw new HttpStatusError(503);
    });
    const three = createRetry({ dependency: 'crm', events }).execute(always);
    const settled = expect(three).rejects.toMatchObject({ status: 503 });
    await vi.runAllTimersAsync();
    await settled;
    expect(always).toHaveBeenCalledTimes(3);

    always.mockClear();
    const five = createRetry({ dependency: 'crm', events, maxAttempts: 5 }).execute(always);
    const settledFive = expect(five).rejects.toMatchObject({ status: 503 });
    await vi.runAllTimersAsync();
    await settledFive;
    expect(always).toHaveBeenCalledTimes(5);
  });

  it('retries connection errors and our own timeouts', async () => {
    const { events, of } = recorder();
    const fn = failing(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), new TimeoutError(3_000));
    const result = createRetry({ dependency: 'notifier', events }).execute(fn);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
    expect(of('retry').map((e) => e.error)).toEqual(['connection', 'timeout']);
  });

  it('backs off exponentially with jitter, within maxDelayMs', async () => {
    const delaysWith = async (random: number) => {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const { events, of } = recorder();
      const fn = failing(...Array.from({ length: 3 }, () => new HttpStatusError(502)));
      const result = createRetry({ dependency: 'crm', events, maxAttempts: 4, maxDelayMs: 5_000 }).execute(fn);
      await vi.runAllTimersAsync();
      await result;
      return of('retry').map((e) => e.delayMs);
    };
    const mid = await delaysWith(0.5);
    expect(mid).toHaveLength(3);
    expect(mid[1]).toBeGreaterThan(mid[0]!);
    expect(mid[2]).toBeGreaterThan(mid[1]!);
    const other = await delaysWith(0.9);
    expect(other).not.toEqual(mid);
    for (const delay of [...mid, ...other]) {
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThanOrEqual(5_000);
    }
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sun, 01 Nov 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
