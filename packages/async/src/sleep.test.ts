import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep } from './sleep.js';

describe('sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the time, driven by fake timers', async () => {
    let done = false;
    const slept = sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await slept;
    expect(done).toBe(true);
  });

  it('resolves at once for no time, without a timer', async () => {
    await sleep(0);
    await sleep(-5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the signal's reason when it aborts, and clears its timer", async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once when the signal has already aborted, even for no time', async () => {
    const reason = new Error('stopped');
    await expect(sleep(0, AbortSignal.abort(reason))).rejects.toBe(reason);
    await expect(sleep(1_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });
});
