import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { type Checkpoint, initialCheckpoint } from './checkpoint.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { ExportConflictError, ExportNotFoundError, TooManyExportsError } from './export-errors.js';
import { type ExportRunDeps, runExport } from './export-run.js';
import type { ExporterMetrics } from './metrics.js';

export interface ExportRequest {
  interval: string;
  pageSize?: number | undefined;
  exportId?: string | undefined;
}

/** What GET /exports/:id answers. */
export interface ExportStatus {
  exportId: string;
  state: Checkpoint['state'];
  interval: string;
  pageSize: number;
  jobId: string | null;
  pagesWritten: number;
  conversationsWritten: number;
  file: string;
  resumes: number;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  error?: string;
}

interface Entry {
  checkpoint: Checkpoint;
  /** Set while a run is in progress: one run per exportId at a time. */
  run?: { controller: AbortController; done: Promise<void> };
}

export interface ExportManagerOptions {
  store: CheckpointStore;
  run: Omit<ExportRunDeps, 'store' | 'metrics' | 'logger'>;
  metrics: ExporterMetrics;
  logger: Logger;
  maxRunning: number;
  defaultPageSize: number;
  now?: () => Date;
}

/**
 * The exports of this process: accepts new ones (up to `maxRunning` at once), resumes those whose checkpoint is
 * not completed at start-up (never refused: they were accepted before the restart), answers their status, and
 * aborts the runs on shutdown (their checkpoints stay running, so the next start resumes them).
 */
export class ExportManager {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => Date;

  constructor(private readonly options: ExportManagerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates the export directory, loads every checkpoint, and resumes the exports not completed. */
  async start(): Promise<void> {
    const { store, logger, metrics } = this.options;
    await store.init();
    const { checkpoints, unreadable } = await store.loadAll();
    for (const bad of unreadable) logger.error(bad, 'checkpoint not readable: export not resumed');
    for (const checkpoint of checkpoints) {
      this.entries.set(checkpoint.exportId, { checkpoint });
      if (checkpoint.state === 'completed') continue;
      metrics.resumed.inc();
      const { exportId, state, jobId, pagesWritten, conversationsWritten, byteOffset } = checkpoint;
      logger.info(
        { exportId, state, jobId, pagesWritten, conversationsWritten, byteOffset },
        'resuming export from its checkpoint',
      );
      await this.launch(checkpoint, true);
    }
  }

  /** Accepts an export and starts it; throws 409 (id taken), 429 (too many running). */
  async submit(request: ExportRequest): Promise<ExportStatus> {
    const exportId = request.exportId ?? randomUUID();
    const existing = this.entries.get(exportId);
    if (existing?.run) {
      throw new ExportConflictError(exportId, 'export_running', `export ${exportId} is running`);
    }
    if (existing && existing.checkpoint.state === 'completed') {
      throw new ExportConflictError(exportId, 'export_exists', `export ${exportId} is completed: use another exportId`);
    }
    if (existing && existing.checkpoint.interval !== request.interval) {
      throw new ExportConflictError(exportId, 'interval_mismatch', `export ${exportId} is for another interval`);
    }
    if (!existing && existsSync(this.options.store.checkpointPath(exportId))) {
      throw new ExportConflictError(exportId, 'export_exists', `a checkpoint for ${exportId} exists but is unreadable`);
    }
    const running = this.running().length;
    if (running >= this.options.maxRunning) {
      this.options.metrics.exports.inc({ outcome: 'rejected' });
      throw new TooManyExportsError(this.options.maxRunning, running);
    }
    if (existing) {
      // A failed export asked again with its id: it goes on from its checkpoint.
      this.options.metrics.resumed.inc();
      await this.launch(existing.checkpoint, true);
    } else {
      const pageSize = request.pageSize ?? this.options.defaultPageSize;
      await this.launch(initialCheckpoint(exportId, request.interval, pageSize, this.now()), false);
    }
    return this.status(exportId);
  }

  status(exportId: string): ExportStatus {
    const entry = this.entries.get(exportId);
    if (!entry) throw new ExportNotFoundError(exportId);
    const c = entry.checkpoint;
    return {
      exportId: c.exportId,
      state: entry.run ? 'running' : c.state,
      interval: c.interval,
      pageSize: c.pageSize,
      jobId: c.jobId,
      pagesWritten: c.pagesWritten,
      conversationsWritten: c.conversationsWritten,
      file: this.options.store.dataPath(c.exportId),
      resumes: c.resumes,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      ...(c.completedAt ? { completedAt: c.completedAt } : {}),
      ...(c.error && !entry.run ? { error: c.error } : {}),
    };
  }

  has(exportId: string): boolean {
    return this.entries.has(exportId);
  }

  list(): ExportStatus[] {
    return [...this.entries.keys()].map((id) => this.status(id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  running(): string[] {
    return [...this.entries].filter(([, entry]) => entry.run).map(([id]) => id);
  }

  /** Aborts every run and waits for them to stop; checkpoints stay as they are (running) for the next start. */
  async stop(): Promise<void> {
    const runs = [...this.entries.values()].flatMap((entry) => (entry.run ? [entry.run] : []));
    for (const run of runs) run.controller.abort(new Error('shutting down'));
    await Promise.all(runs.map((run) => run.done));
  }

  /** Marks the export running (synchronously, so that a second submit of the id sees it), saves, runs. */
  private async launch(from: Checkpoint, resumed: boolean): Promise<void> {
    const { store, metrics, logger } = this.options;
    const exportId = from.exportId;
    const previous = this.entries.get(exportId);
    const checkpoint: Checkpoint = {
      ...from,
      state: 'running',
      error: undefined,
      resumes: from.resumes + (resumed ? 1 : 0),
      updatedAt: this.now().toISOString(),
    };
    const controller = new AbortController();
    const entry: Entry = { checkpoint, run: { controller, done: Promise.resolve() } };
    this.entries.set(exportId, entry);
    metrics.running.inc();
    const finish = () => {
      entry.run = undefined;
      metrics.running.dec();
    };
    try {
      await store.save(checkpoint);
    } catch (error) {
      finish();
      if (previous) this.entries.set(exportId, previous);
      else this.entries.delete(exportId);
      throw error;
    }
    const deps: ExportRunDeps = { ...this.options.run, store, metrics, logger };
    const done = runExport(deps, checkpoint, controller.signal, (next) => {
      entry.checkpoint = next;
    })
      .then((final) => {
        entry.checkpoint = final;
        const outcome = final.state === 'completed' ? 'completed' : 'failed';
        metrics.exports.inc({ outcome });
        metrics.duration.observe({ outcome }, (this.now().getTime() - Date.parse(final.createdAt)) / 1_000);
        logger.info({ exportId, outcome, conversations: final.conversationsWritten }, 'export ended');
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) {
          logger.info({ exportId }, 'export stopped: it resumes from its checkpoint at the next start');
          return;
        }
        // Not even the failure could be checkpointed (disk trouble): report it; the next start resumes it.
        logger.error({ exportId, err: (error as Error).message }, 'export run crashed');
        entry.checkpoint = { ...entry.checkpoint, state: 'failed', error: (error as Error).message };
        metrics.exports.inc({ outcome: 'failed' });
      })
      .finally(finish);
    if (entry.run) entry.run.done = done;
  }
}
