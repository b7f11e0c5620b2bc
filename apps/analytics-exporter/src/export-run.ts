import { sleep } from '@lab/async';
import { isRejection, isRetryable, statusOf } from '@lab/resilience';
import type { Logger } from 'pino';
import type { Checkpoint } from './checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { DetailsJobs } from './details-jobs.js';
import { JobEndedError, type PollOptions, pollDelay, waitUntilFulfilled } from './job-poll.js';
import type { ExporterMetrics } from './metrics.js';
import { NdjsonFile } from './ndjson-file.js';
import { afterJobLost, planPage } from './page-plan.js';

export interface ExportRunDeps {
  jobs: DetailsJobs;
  store: CheckpointStore;
  poll: Omit<PollOptions, 'signal'>;
  /** Failures in a row (after the Genesys caller's retries) before the export fails; a written page resets it. */
  maxStepFailures: number;
  /** Jobs created again in one run, at most, when the previous one is gone. */
  maxJobRecreates?: number;
  metrics: ExporterMetrics;
  logger: Logger;
  now?: () => Date;
}

/** Worth another go from the checkpoint: the caller gave up on a 429/5xx/connection error/timeout, or refused. */
function isTransient(error: unknown): boolean {
  return isRetryable(error) || isRejection(error) || (statusOf(error) ?? 0) >= 500;
}

/** The job is no longer there: deleted (404) or its results expired. */
function isJobGone(error: unknown): boolean {
  return statusOf(error) === 404 || (error instanceof JobEndedError && error.state === 'EXPIRED');
}

/**
 * Runs one export from its checkpoint to the end: create the job (unless the checkpoint has one), poll until
 * FULFILLED, then per page: append and fsync, then save the checkpoint. A job that is gone is created again for
 * the same interval and the conversations already written are skipped. Resolves with the final checkpoint
 * (completed or failed); rejects only when `signal` aborts (shutdown), leaving the checkpoint running.
 */
export async function runExport(
  deps: ExportRunDeps,
  initial: Checkpoint,
  signal: AbortSignal,
  onCheckpoint: (checkpoint: Checkpoint) => void = () => {},
): Promise<Checkpoint> {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ exportId: initial.exportId });
  let checkpoint = initial;
  const save = async (next: Checkpoint) => {
    checkpoint = { ...next, updatedAt: now().toISOString() };
    await deps.store.save(checkpoint);
    onCheckpoint(checkpoint);
  };

  let file: NdjsonFile | undefined;
  let failures = 0;
  let recreates = 0;
  // A job this run created that never became FULFILLED is not "lost" when it ends: it failed.
  let mayRecreate = initial.jobId !== null;
  try {
    file = await NdjsonFile.open(deps.store.dataPath(checkpoint.exportId), checkpoint.byteOffset);
    while (!checkpoint.resultsDone) {
      try {
        if (checkpoint.jobId === null) {
          const jobId = await deps.jobs.create(checkpoint.interval, signal);
          mayRecreate = false;
          await save({ ...checkpoint, jobId, cursor: null });
          log.info({ jobId, skip: checkpoint.skipRemaining }, 'details job created');
        }
        const jobId = checkpoint.jobId as string;
        if (checkpoint.cursor === null) {
          await waitUntilFulfilled(jobId, () => deps.jobs.status(jobId, signal), { ...deps.poll, signal });
        }
        mayRecreate = true;
        while (!checkpoint.resultsDone) {
          signal.throwIfAborted();
          const page = await deps.jobs.results(jobId, checkpoint.cursor, checkpoint.pageSize, signal);
          const plan = planPage(checkpoint, page);
          const byteOffset = await file.append(plan.rows);
          await save({ ...plan.next, byteOffset, updatedAt: checkpoint.updatedAt });
          if (plan.rows.length > 0) deps.metrics.pages.inc();
          deps.metrics.conversations.inc(plan.rows.length);
          failures = 0;
        }
      } catch (error) {
        if (signal.aborted) throw error;
        if (isJobGone(error) && mayRecreate && recreates < (deps.maxJobRecreates ?? 3)) {
          recreates++;
          deps.metrics.jobsRecreated.inc();
          log.warn({ jobId: checkpoint.jobId, err: (error as Error).message }, 'job gone: creating it again');
          await save(afterJobLost(checkpoint));
          continue;
        }
        if (isTransient(error) && ++failures < deps.maxStepFailures) {
          const delayMs = pollDelay(failures, deps.poll);
          log.warn({ err: (error as Error).message, failures, delayMs }, 'export step failed: retrying');
          await sleep(delayMs, signal);
          continue;
        }
        throw error;
      }
    }
    await deleteJob(deps, checkpoint.jobId, signal, log);
    await save({ ...checkpoint, state: 'completed', completedAt: now().toISOString() });
  } catch (error) {
    if (signal.aborted) throw error;
    log.error({ err: (error as Error).message }, 'export failed');
    await save({ ...checkpoint, state: 'failed', error: (error as Error).message });
  } finally {
    await file?.close();
  }
  return checkpoint;
}

/** Best effort: the results are written; a job that cannot be deleted expires on its own. */
async function deleteJob(deps: ExportRunDeps, jobId: string | null, signal: AbortSignal, log: Logger) {
  if (jobId === null) return;
  try {
    await deps.jobs.remove(jobId, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    if (statusOf(error) !== 404) log.warn({ jobId, err: (error as Error).message }, 'could not delete the job');
  }
}
