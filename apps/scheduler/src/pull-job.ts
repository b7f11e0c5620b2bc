import { ATTR } from '@lab/telemetry';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { PullOutcome, SchedulerMetrics } from './metrics.js';
import { type PullError, pullErrorOf } from './pull-error.js';
import type { HeldLock, LockBusy } from './redis-lock.js';
import type { PullSummary } from './schedule-pull.js';
import { SingleFlight } from './single-flight.js';

export type PullTrigger = 'schedule' | 'manual';

/** What GET /pulls/last shows of one pull. */
export interface PullRecord {
  outcome: PullOutcome;
  trigger: PullTrigger;
  /** How the run was guarded: `redis` lock, `local` (Redis unreachable); or what it overlapped: `in-process`,
   * `held-elsewhere` (another replica holds the lock). */
  guard: 'redis' | 'local' | 'in-process' | 'held-elsewhere';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  businessUnits?: number;
  refreshed?: number;
  error?: PullError;
}

export interface JobLock {
  acquire(job: string, ttlMs: number): Promise<HeldLock | LockBusy>;
}

export interface PullJobOptions {
  /** Names the job (its lock key). */
  job: string;
  work: (signal: AbortSignal) => Promise<PullSummary>;
  lock: JobLock;
  lockTtlMs: number;
  /** A pull running longer is aborted; keep it under lockTtlMs. */
  timeoutMs: number;
  metrics: SchedulerMetrics;
  logger: Logger;
  now?: () => number;
}

const tracer = trace.getTracer('@lab/scheduler');

/**
 * Runs a job's pulls one at a time: an in-process single flight, then the job's lock across replicas. A pull that
 * finds another running (here or on another replica) is skipped and counted `skipped_overlap`. Every pull is a
 * span (the Genesys calls are its children), bounded by `timeoutMs`, counted and timed.
 */
export class PullJob {
  private readonly flight = new SingleFlight<PullRecord>();
  private readonly shutdown = new AbortController();
  private readonly counts: Record<PullOutcome, number> = { success: 0, failed: 0, skipped_overlap: 0 };
  private lastRecord: PullRecord | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PullJobOptions) {
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.flight.busy;
  }

  last(): PullRecord | undefined {
    return this.lastRecord;
  }

  totals(): Record<PullOutcome, number> {
    return { ...this.counts };
  }

  /** Starts a pull and answers at once: `in_progress` (and counts the overlap) if one is running here. */
  trigger(trigger: PullTrigger): 'started' | 'in_progress' {
    const busy = this.flight.busy;
    void this.run(trigger);
    return busy ? 'in_progress' : 'started';
  }

  /** One pull, or its skip; never rejects. */
  run(trigger: PullTrigger): Promise<PullRecord> {
    if (this.shutdown.signal.aborted) return Promise.resolve(this.record(trigger, 'skipped_overlap', 'in-process'));
    const running = this.flight.run(() => this.guarded(trigger));
    return running ?? Promise.resolve(this.record(trigger, 'skipped_overlap', 'in-process'));
  }

  /** Aborts the pull in progress and waits for it to end (shutdown). */
  async stop(): Promise<void> {
    this.shutdown.abort();
    await this.flight.inFlight;
  }

  private async guarded(trigger: PullTrigger): Promise<PullRecord> {
    const startedAt = this.now();
    const { job, lockTtlMs, timeoutMs, logger } = this.options;
    const lock = await this.options.lock.acquire(job, lockTtlMs);
    if (lock.mode === 'held-elsewhere') return this.record(trigger, 'skipped_overlap', lock.mode, startedAt);

    const signal = AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(timeoutMs)]);
    const attributes = { [ATTR.schedulerJob]: job, [ATTR.schedulerTrigger]: trigger, [ATTR.schedulerGuard]: lock.mode };
    try {
      return await tracer.startActiveSpan(`scheduler.pull ${job}`, { attributes }, async (span) => {
        let summary: PullSummary;
        try {
          summary = await this.options.work(signal);
        } catch (error) {
          logger.error({ err: error }, 'pull crashed');
          summary = { ok: false, businessUnits: 0, refreshed: 0, error: pullErrorOf('pull', error) };
        }
        const outcome: PullOutcome = summary.ok ? 'success' : 'failed';
        span.setAttribute(ATTR.schedulerOutcome, outcome);
        if (summary.error) span.setStatus({ code: SpanStatusCode.ERROR, message: summary.error.reason });
        span.end();
        return this.record(trigger, outcome, lock.mode, startedAt, summary);
      });
    } finally {
      await lock.release();
    }
  }

  private record(
    trigger: PullTrigger,
    outcome: PullOutcome,
    guard: PullRecord['guard'],
    startedAt = this.now(),
    summary?: PullSummary,
  ): PullRecord {
    const finishedAt = this.now();
    const ran = outcome !== 'skipped_overlap';
    const record: PullRecord = {
      outcome,
      trigger,
      guard,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - startedAt,
      ...(summary ? { businessUnits: summary.businessUnits, refreshed: summary.refreshed } : {}),
      ...(summary?.error ? { error: summary.error } : {}),
    };
    this.counts[outcome]++;
    this.lastRecord = record;
    this.options.metrics.pullFinished(outcome, ran ? record.durationMs / 1_000 : undefined);
    const log = { job: this.options.job, ...record };
    if (outcome === 'failed') this.options.logger.warn(log, 'pull failed: serving the last good schedule');
    else this.options.logger.info(log, outcome === 'success' ? 'pull done' : 'pull skipped: another is running');
    return record;
  }
}
