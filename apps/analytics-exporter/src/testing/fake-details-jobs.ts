import { HttpStatusError } from '@lab/resilience';
import type { DetailsJobs, ExportedConversation, ResultsPage } from '../details-jobs.js';

interface FakeJob {
  interval: string;
  state: string;
  polls: number;
}

/**
 * In-memory details jobs over a fixed list of conversations, for unit tests: jobs are FULFILLED after
 * `pollsBeforeFulfilled` status calls, cursors are offsets, unknown jobs answer 404. `failNext` queues failures
 * for the next calls of one method; `gate` holds results calls until released.
 */
export class FakeDetailsJobs implements DetailsJobs {
  readonly jobs = new Map<string, FakeJob>();
  readonly calls: string[] = [];
  readonly deleted: string[] = [];
  private readonly failures: Record<string, unknown[]> = {};
  private created = 0;
  pollsBeforeFulfilled = 1;
  endState: string | undefined;
  gate: Promise<void> | undefined;

  constructor(public conversations: ExportedConversation[]) {}

  failNext(method: 'create' | 'status' | 'results' | 'remove', ...errors: unknown[]): void {
    this.failures[method] = [...(this.failures[method] ?? []), ...errors];
  }

  /** Forgets a job, as the platform does once it is deleted or expired. */
  lose(jobId: string): void {
    this.jobs.delete(jobId);
  }

  private step(method: string, signal: AbortSignal): void {
    signal.throwIfAborted();
    this.calls.push(method);
    const error = this.failures[method]?.shift();
    if (error) throw error;
  }

  private job(jobId: string): FakeJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new HttpStatusError(404, `job ${jobId} not found`);
    return job;
  }

  async create(interval: string, signal: AbortSignal): Promise<string> {
    this.step('create', signal);
    const jobId = `job-${++this.created}`;
    this.jobs.set(jobId, { interval, state: 'QUEUED', polls: 0 });
    return jobId;
  }

  async status(jobId: string, signal: AbortSignal) {
    this.step('status', signal);
    const job = this.job(jobId);
    job.polls++;
    if (job.polls >= this.pollsBeforeFulfilled) job.state = this.endState ?? 'FULFILLED';
    return { state: job.state };
  }

  async results(jobId: string, cursor: string | null, pageSize: number, signal: AbortSignal): Promise<ResultsPage> {
    this.step('results', signal);
    const job = this.job(jobId);
    if (job.state !== 'FULFILLED') throw new HttpStatusError(400, 'job not fulfilled');
    await this.gate;
    const offset = cursor === null ? 0 : Number(cursor);
    const next = offset + pageSize;
    return {
      conversations: this.conversations.slice(offset, next),
      ...(next < this.conversations.length ? { cursor: String(next) } : {}),
    };
  }

  async remove(jobId: string, signal: AbortSignal): Promise<void> {
    this.step('remove', signal);
    this.job(jobId);
    this.jobs.delete(jobId);
    this.deleted.push(jobId);
  }
}

/** `count` conversations with ids c-0001..., in a stable order. */
export function conversations(count: number): ExportedConversation[] {
  return Array.from({ length: count }, (_, i) => ({
    conversationId: `c-${String(i + 1).padStart(4, '0')}`,
    conversationStart: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  }));
}
