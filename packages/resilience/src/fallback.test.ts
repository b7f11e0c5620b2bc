import { BrokenCircuitError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { recorder } from '../test/recorder.js';
import { HttpStatusError, TimeoutError } from './errors.js';
import { withFallback } from './fallback.js';

describe('fallback', () => {
  it('answers the fallback value on a dependency failure and says why', async () => {
    const { events, of } = recorder();
    const deps = { dependency: 'notifier', events };
    expect(
      await withFallback(
        () => Promise.reject(new TimeoutError(3_000)),
        () => 'later',
        deps,
      ),
    ).toBe('later');
    const broken = new BrokenCircuitError();
    // the fallback is told why
    expect(
      await withFallback(
        () => Promise.reject(broken),
        (error) => error,
        deps,
      ),
    ).toBe(broken);
    await withFallback(
      () => Promise.reject(new HttpStatusError(503)),
      async () => 'later',
      deps,
    );
    expect(of('fallback')).toEqual([
      { type: 'fallback', dependency: 'notifier', reason: 'timeout' },
      { type: 'fallback', dependency: 'notifier', reason: 'breaker-open' },
      { type: 'fallback', dependency: 'notifier', reason: 'http-503' },
    ]);
  });

  it('passes successes and 4xx through untouched', async () => {
    const { events, of } = recorder();
    const deps = { dependency: 'notifier', events };
    expect(
      await withFallback(
        async () => 'real',
        () => 'fb',
        deps,
      ),
    ).toBe('real');
    await expect(
      withFallback(
        () => Promise.reject(new HttpStatusError(400)),
        () => 'fb',
        deps,
      ),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(of('fallback')).toHaveLength(0);
  });
});
