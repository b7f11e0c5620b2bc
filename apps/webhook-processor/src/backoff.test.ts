import { describe, expect, it } from 'vitest';
import { reclaimIdleMs, reconnectDelay } from './backoff.js';

const range = { baseMs: 1_000, maxMs: 30_000 };

describe('reconnectDelay', () => {
  it('doubles per attempt with equal jitter: between half and all of the step, capped at max', () => {
    const low = [0, 1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(n, range, { random: () => 0 }));
    const high = [0, 1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(n, range, { random: () => 1 }));
    expect(low).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(reconnectDelay(1_000, range, { random: () => 1 })).toBe(30_000);
  });

  it('never waits less than a Retry-After the platform sent', () => {
    expect(reconnectDelay(0, range, { random: () => 0, retryAfterMs: 7_000 })).toBe(7_000);
    expect(reconnectDelay(4, range, { random: () => 1, retryAfterMs: 2_000 })).toBe(16_000);
  });
});

describe('reclaimIdleMs', () => {
  it('waits base after the first delivery, doubling per delivery, capped', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7].map((d) => reclaimIdleMs(d, { baseMs: 20_000, maxMs: 300_000 }));
    expect(schedule).toEqual([20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('is deterministic and bounded for absurd inputs', () => {
    expect(reclaimIdleMs(-3, range)).toBe(1_000);
    expect(reclaimIdleMs(10_000, range)).toBe(30_000);
  });
});
