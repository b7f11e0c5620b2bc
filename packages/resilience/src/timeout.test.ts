import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hanging, recorder } from '../test/recorder.js';
import { TimeoutError } from './errors.js';
import { CallTimeout } from './timeout.js';

describe('timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives up at 3 s by default and aborts the request through its signal', async () => {
    const { events, of } = recorder();
    let seen: AbortSignal | undefined;
    const result = new CallTimeout({ dependency: 'crm', events }).execute((signal) => {
      seen = signal;
      return hanging(signal);
    });
    const settled = result.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(2_999);
    expect(seen?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(3_000);
    expect(seen?.aborted).toBe(true);
    expect(of('timeout')).toEqual([{ type: 'timeout', dependency: 'crm', timeoutMs: 3_000 }]);
  });

  it('lets a call that answers in time through, without an event', async () => {
    const { events, seen } = recorder();
    const result = new CallTimeout({ dependency: 'crm', events, timeoutMs: 500 }).execute(
      () => new Promise((resolve) => setTimeout(() => resolve('ok'), 499)),
    );
    await vi.advanceTimersByTimeAsync(499);
    await expect(result).resolves.toBe('ok');
    expect(seen).toHaveLength(0);
  });

  it("leaves the caller's own abort alone: no TimeoutError, no timeout event", async () => {
    const { events, of } = recorder();
    const controller = new AbortController();
    const result = new CallTimeout({ dependency: 'crm', events }).execute(
      (signal) => hanging(signal),
      controller.signal,
    );
    const settled = result.catch((error: unknown) => error);
    controller.abort();
    const error = await settled;
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(of('timeout')).toHaveLength(0);
  });
});
