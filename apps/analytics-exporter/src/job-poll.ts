import { sleep } from '@lab/async';
import { cappedExponential } from '@lab/resilience';

export interface PollOptions {
  /** First delay; the delay's ceiling doubles per poll up to `maxMs`, the delay itself is drawn in [minMs, ceiling]. */
  minMs: number;
  maxMs: number;
  /** Longest total wait before giving up. */
  maxWaitMs: number;
  random?: () => number;
  now?: () => number;
  signal?: AbortSignal;
}

/** The job reached a state it will not leave without being FULFILLED: FAILED, CANCELLED or EXPIRED. */
export class JobEndedError extends Error {
  override readonly name = 'JobEndedError';
  constructor(
    readonly jobId: string,
    readonly state: string,
    detail?: string,
  ) {
    super(`job ${jobId} is ${state}${detail ? `: ${detail}` : ''}`);
  }
}

/** The job was not FULFILLED within the maximum wait. */
export class JobWaitTimeoutError extends Error {
  override readonly name = 'JobWaitTimeoutError';
  constructor(
    readonly jobId: string,
    readonly waitedMs: number,
    readonly lastState: string | undefined,
  ) {
    super(`job ${jobId} not FULFILLED after ${waitedMs} ms (last state ${lastState ?? 'unknown'})`);
  }
}

const ENDED = new Set(['FAILED', 'CANCELLED', 'EXPIRED']);

/** The delay before poll number `attempt` (0-based): full jitter between minMs and an exponentially growing ceiling. */
export function pollDelay(attempt: number, { minMs, maxMs }: { minMs: number; maxMs: number }, random = Math.random) {
  const ceiling = cappedExponential(attempt, { baseMs: minMs, maxMs });
  return Math.round(minMs + random() * (ceiling - minMs));
}

/**
 * Polls `getJob` until the job is FULFILLED, with a bounded, jittered delay between polls. Rejects with
 * JobEndedError (FAILED, CANCELLED, EXPIRED), JobWaitTimeoutError (over `maxWaitMs`), or whatever `getJob` throws.
 */
export async function waitUntilFulfilled(
  jobId: string,
  getJob: () => Promise<{ state?: string; errorMessage?: string }>,
  options: PollOptions,
): Promise<void> {
  const now = options.now ?? Date.now;
  const started = now();
  let lastState: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const job = await getJob();
    lastState = job.state;
    if (job.state === 'FULFILLED') return;
    if (job.state && ENDED.has(job.state)) throw new JobEndedError(jobId, job.state, job.errorMessage);
    const left = started + options.maxWaitMs - now();
    if (left <= 0) throw new JobWaitTimeoutError(jobId, now() - started, lastState);
    await sleep(Math.min(left, pollDelay(attempt, options, options.random)), options.signal);
  }
}
