import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobEndedError, JobWaitTimeoutError, pollDelay, waitUntilFulfilled } from './job-poll.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const bounds = { minMs: 100, maxMs: 1_000 };

/** A job that answers the states given, one per poll (the last one forever), recording when each poll came. */
function job(states: string[]) {
  const at: number[] = [];
  let i = 0;
  const getJob = async () => {
    at.push(Date.now());
    const state = states[Math.min(i, states.length - 1)];
    i++;
    return { state, ...(state === 'FAILED' ? { errorMessage: 'query too large' } : {}) };
  };
  return { getJob, at };
}

describe('pollDelay', () => {
  it('grows exponentially from minMs to maxMs, with full jitter between minMs and the ceiling', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => pollDelay(n, bounds, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect([0, 3, 10].map((n) => pollDelay(n, bounds, () => 0))).toEqual([100, 100, 100]);
    expect(pollDelay(3, bounds, () => 0.5)).toBe(450);
    expect(pollDelay(1_000, bounds, () => 1)).toBe(1_000);
  });
});

describe('waitUntilFulfilled', () => {
  it('polls with growing, bounded, jittered delays until FULFILLED', async () => {
    const { getJob, at } = job(['QUEUED', 'QUEUED', 'PENDING', 'PENDING', 'PENDING', 'FULFILLED']);
    const done = waitUntilFulfilled('job-1', getJob, { ...bounds, maxWaitMs: 60_000, random: () => 1 });
    await vi.runAllTimersAsync();
    await expect(done).resolves.toBeUndefined();
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('keeps every delay within [minMs, maxMs] whatever the draw', async () => {
    const draws = [0.9, 0.1, 0.5, 0.99, 0.01, 0.7, 0.3];
    const { getJob, at } = job([...draws.map(() => 'PENDING'), 'FULFILLED']);
    const done = waitUntilFulfilled('job-1', getJob, { ...bounds, maxWaitMs: 60_000, random: () => draws.shift()! });
    await vi.runAllTimersAsync();
    await done;
    for (const gap of at.slice(1).map((t, i) => t - at[i]!)) {
      expect(gap).toBeGreaterThanOrEqual(100);
      expect(gap).toBeLessThanOrEqual(1_000);
    }
  });

  it('rejects with JobEndedError when the job FAILED or EXPIRED', async () => {
    for (const state of ['FAILED', 'EXPIRED']) {
      const { getJob } = job(['QUEUED', state]);
      const done = waitUntilFulfilled('job-1', getJob, { ...bounds, maxWaitMs: 60_000 });
      const expectation = expect(done).rejects.toThrow(JobEndedError);
      await vi.runAllTimersAsync();
      await expectation;
      await done.catch((error: JobEndedError) => {
        expect(error.state).toBe(state);
        if (state === 'FAILED') expect(error.message).toContain('query too large');
      });
    }
  });

  it('gives up after maxWaitMs with the last state seen, polling once more at the deadline', async () => {
    const { getJob, at } = job(['PENDING']);
    const done = waitUntilFulfilled('job-1', getJob, { ...bounds, maxWaitMs: 2_500, random: () => 1 });
    const expectation = expect(done).rejects.toThrow(JobWaitTimeoutError);
    await vi.runAllTimersAsync();
    await expectation;
    await done.catch((error: JobWaitTimeoutError) => expect(error.lastState).toBe('PENDING'));
    expect(at.at(-1)! - at[0]!).toBe(2_500);
  });

  it('stops waiting at once when its signal aborts', async () => {
    const { getJob, at } = job(['PENDING']);
    const controller = new AbortController();
    const done = waitUntilFulfilled('job-1', getJob, { ...bounds, maxWaitMs: 60_000, signal: controller.signal });
    const expectation = expect(done).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(50);
    controller.abort(new Error('stop'));
    await expectation;
    expect(at).toHaveLength(1);
  });
});
