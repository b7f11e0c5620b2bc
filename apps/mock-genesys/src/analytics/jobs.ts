import { randomUUID } from 'node:crypto';
import type { AnalyticsConversation } from '../data/types.js';
import { LIMITS } from '../limits.js';
import type { DetailsJobQuery } from './query.js';

export type JobState = 'QUEUED' | 'PENDING' | 'FULFILLED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

export interface DetailsJob {
  id: string;
  submittedAt: number;
  /** The matching conversations, fixed when the job was submitted. */
  results: AnalyticsConversation[];
  query: DetailsJobQuery;
}

const RESULTS_KEPT_MS = 2 * 86_400_000;

/** Async conversation-details jobs: QUEUED for the first half of the delay, PENDING for the second, then FULFILLED. */
export class JobStore {
  private readonly jobs = new Map<string, DetailsJob>();

  constructor(
    private readonly delayMs: number,
    private readonly now: () => number = Date.now,
    /** How long a results cursor is honoured after the page that issued it. */
    private readonly cursorTtlMs: number = 3_600_000,
  ) {}

  create(query: DetailsJobQuery, results: AnalyticsConversation[]): DetailsJob {
    const job = {
      id: randomUUID(),
      submittedAt: this.now(),
      results: query.limit ? results.slice(0, query.limit) : results,
      query,
    };
    this.jobs.set(job.id, job);
    // Bounded: past LIMITS.jobsKept the oldest job goes (a later poll of it is a 404).
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= LIMITS.jobsKept) break;
      this.jobs.delete(id);
    }
    return job;
  }

  get(id: string): DetailsJob | undefined {
    return this.jobs.get(id);
  }

  delete(id: string): boolean {
    return this.jobs.delete(id);
  }

  state(job: DetailsJob): JobState {
    const elapsed = this.now() - job.submittedAt;
    if (elapsed >= this.delayMs + RESULTS_KEPT_MS) return 'EXPIRED';
    if (elapsed >= this.delayMs) return 'FULFILLED';
    return elapsed >= this.delayMs / 2 ? 'PENDING' : 'QUEUED';
  }

  status(job: DetailsJob) {
    const state = this.state(job);
    const completed = job.submittedAt + this.delayMs;
    return {
      state,
      submissionDate: new Date(job.submittedAt).toISOString(),
      ...(state === 'FULFILLED' || state === 'EXPIRED'
        ? {
            completionDate: new Date(completed).toISOString(),
            expirationDate: new Date(completed + RESULTS_KEPT_MS).toISOString(),
          }
        : {}),
    };
  }

  /** The opaque cursor of the results page at `offset`, bound to its job and to the instant it was issued. */
  cursorFor(job: DetailsJob, offset: number): string {
    return Buffer.from(JSON.stringify({ j: job.id, o: offset, t: this.now() })).toString('base64url');
  }

  /** The offset a cursor points at; `expired` past the cursor's lifetime; undefined when this job never issued it. */
  offsetOf(job: DetailsJob, cursor: string): number | 'expired' | undefined {
    let parsed: { j?: unknown; o?: unknown; t?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return undefined;
    }
    const { j, o, t } = parsed ?? {};
    if (j !== job.id || !Number.isInteger(o) || (o as number) < 0 || typeof t !== 'number') return undefined;
    return this.now() - t > this.cursorTtlMs ? 'expired' : (o as number);
  }
}
