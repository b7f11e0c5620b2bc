import { describe, expect, it } from 'vitest';
import { holdWithin } from './hold-within.js';

const checks = (results: boolean[]) => {
  let calls = 0;
  return {
    check: async () => ({ steady_state_met: results[Math.min(calls++, results.length - 1)] ?? false, call: calls }),
    calls: () => calls,
  };
};

describe('holdWithin', () => {
  it('checks again until the steady state holds', async () => {
    const c = checks([false, false, true]);
    const last = await holdWithin(c.check, 1_000, new AbortController().signal, 5);
    expect(last.steady_state_met).toBe(true);
    expect(c.calls()).toBe(3);
  });

  it('gives up after the bound with the last check', async () => {
    const c = checks([false]);
    const started = Date.now();
    const last = await holdWithin(c.check, 60, new AbortController().signal, 10);
    expect(last.steady_state_met).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(c.calls()).toBeGreaterThan(2);
  });

  it('checks once with no time given', async () => {
    const c = checks([false, true]);
    expect((await holdWithin(c.check, 0, new AbortController().signal)).steady_state_met).toBe(false);
    expect(c.calls()).toBe(1);
  });
});
