import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pause } from './pause.js';

describe('pause', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves after the time', async () => {
    let done = false;
    const paused = pause(500).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await paused;
    expect(done).toBe(true);
  });

  it('resolves early, not rejects, when the signal aborts, and clears its timer', async () => {
    const controller = new AbortController();
    const paused = pause(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(paused).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves at once when the signal has already aborted', async () => {
    await expect(pause(60_000, AbortSignal.abort())).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
