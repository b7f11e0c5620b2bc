import { createServiceContext, createServiceHttp, type ServiceContext } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { CheckpointStore } from './checkpoint-store.js';
import type { ExporterConfig } from './config.js';
import { type DetailsJobs, genesysDetailsJobs } from './details-jobs.js';
import { ExportManager } from './export-manager.js';
import { createExporterMetrics } from './metrics.js';
import { exportRoutes } from './routes/exports.js';
import { startSchedule } from './schedule.js';

export interface ExporterApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  /** Call `start()` to resume checkpointed exports (prepare() does, before listening); `stop()` on shutdown. */
  exports: ExportManager;
  /** Resumes every export whose checkpoint is not completed, so GET /exports/:id knows them once serving. */
  prepare(): Promise<void>;
  /** Starts the scheduled exports (EXPORT_SCHEDULE_SECONDS > 0). */
  startWork(): void;
  /** Stops the schedule, then aborts the runs (their checkpoints stay, for the next start). */
  stopWork(): Promise<void>;
}

export interface ExporterDeps {
  logger?: Logger;
  /** For tests: the details-job calls (default: Genesys through callGenesys). */
  jobs?: (ctx: ServiceContext) => DetailsJobs;
}

/** analytics-exporter: conversation details to NDJSON through async jobs. Tests drive it with inject(). */
export async function buildApp(config: ExporterConfig, deps: ExporterDeps = {}): Promise<ExporterApp> {
  const ctx = createServiceContext({
    service: 'analytics-exporter',
    config,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  // Create the caller up front, so /healthz shows its state before the first call.
  ctx.caller('genesys');
  const exports = new ExportManager({
    store: new CheckpointStore(config.EXPORT_DIR),
    run: {
      jobs: (deps.jobs ?? genesysDetailsJobs)(ctx),
      poll: {
        minMs: config.EXPORT_POLL_MIN_MS,
        maxMs: config.EXPORT_POLL_MAX_MS,
        maxWaitMs: config.EXPORT_JOB_MAX_WAIT_MS,
      },
      maxStepFailures: config.EXPORT_MAX_STEP_FAILURES,
    },
    metrics: createExporterMetrics(ctx.registry),
    logger: ctx.logger,
    maxRunning: config.EXPORT_MAX_RUNNING,
    defaultPageSize: config.EXPORT_PAGE_SIZE,
  });
  const app = createServiceHttp(ctx, () => ({
    exports: { running: exports.running(), limit: config.EXPORT_MAX_RUNNING, dir: config.EXPORT_DIR },
  }));
  await app.register(async (scope) => exportRoutes(scope, exports));
  let stopSchedule = () => {};
  return {
    app,
    ctx,
    exports,
    prepare: () => exports.start(),
    startWork: () => {
      if (config.EXPORT_SCHEDULE_SECONDS > 0)
        stopSchedule = startSchedule({ seconds: config.EXPORT_SCHEDULE_SECONDS, manager: exports, logger: ctx.logger });
    },
    stopWork: async () => {
      stopSchedule();
      await exports.stop();
    },
  };
}
