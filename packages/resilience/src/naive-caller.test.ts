import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hanging, recorder } from '../test/recorder.js';
import { createCaller } from './create-caller.js';
import { HttpStatusError, TimeoutError } from './errors.js';
import { createNaiveCaller } from './naive-caller.js';
import { resilienceConfigSchema } from './resilience-config.js';

describe('naive caller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not retry, and still emits a call event', async () => {
    const { events, of } = recorder();
    const caller = createNaiveCaller({ dependency: 'genesys', events });
    const fn = vi.fn(async () => Promise.reject(new HttpStatusError(503)));
    await expect(caller.call(fn, { fallback: () => 'ignored', cacheKey: 'k' })).rejects.toMatchObject({ status: 503 });
    await vi.runAllTimersAsync();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(of('retry')).toHaveLength(0);
    expect(of('call')).toEqual([
      { type: 'call', dependency: 'genesys', outcome: 'failure', durationMs: 0, attempts: 1 },
    ]);
  });

  it("times out at the SDK's 16 s and aborts the request", async () => {
    const { events, of } = recorder();
    const caller = createNaiveCaller({ dependency: 'genesys', events });
    let seen: AbortSignal | undefined;
    const result = caller
      .call((signal) => {
        seen = signal;
        return hanging(signal);
      })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(15_999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(seen?.aborted).toBe(true);
    expect(of('timeout')).toEqual([{ type: 'timeout', dependency: 'genesys', timeoutMs: 16_000 }]);
    expect(of('call')[0]).toMatchObject({ outcome: 'failure', durationMs: 16_000 });
  });

  it('is what createCaller builds when the config says naive; resilient otherwise', async () => {
    const { events } = recorder();
    const config = resilienceConfigSchema.parse({ mode: 'naive' });
    const naive = createCaller({ dependency: 'crm', service: 'svc', events, config });
    const resilient = createCaller({ dependency: 'crm', service: 'svc', events });
    expect([naive.mode, resilient.mode]).toEqual(['naive', 'resilient']);
    expect(naive.state()).toEqual({ mode: 'naive', dependency: 'crm' });
    const flaky = () =>
      vi.fn<() => Promise<string>>().mockRejectedValueOnce(new HttpStatusError(503)).mockResolvedValue('ok');
    const once = flaky();
    await expect(naive.call(once)).rejects.toMatchObject({ status: 503 });
    await expect(naive.call(async () => 'answered')).resolves.toEqual({ value: 'answered', source: 'fresh' });
    const twice = flaky();
    const settled = resilient.call(twice);
    await vi.runAllTimersAsync();
    await expect(settled).resolves.toEqual({ value: 'ok', source: 'fresh' });
    expect([once.mock.calls.length, twice.mock.calls.length]).toEqual([1, 2]);
  });
});
