import { createServiceContext, createServiceHttp, type ServiceContext } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SchedulerConfig } from './config.js';
import { JitteredTimer } from './jittered-timer.js';
import { createSchedulerMetrics } from './metrics.js';
import { PullJob } from './pull-job.js';
import { RedisLock } from './redis-lock.js';
import { pullRoutes } from './routes/pulls.js';
import { scheduleRoutes } from './routes/schedules.js';
import { createSchedulePull } from './schedule-pull.js';
import { ScheduleStore } from './schedule-store.js';
import { SharedSchedules } from './shared-schedules.js';
import { createWfmSource } from './wfm-source.js';

/** The job's name: its lock is `scheduler:lock:wfm-schedules`. */
export const PULL_JOB = 'wfm-schedules';

export interface SchedulerApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  job: PullJob;
  store: ScheduleStore;
  /** Starts the jittered pulls (the first one now); serve() calls it once listening. */
  startWork(): void;
  /** Stops the timer, aborts the pull in progress and waits for it. */
  stopWork(): Promise<void>;
}

export interface SchedulerDeps {
  logger?: Logger;
  /** For tests: the jitter's random source and the clock. */
  random?: () => number;
  now?: () => Date;
}

/** scheduler: pulls WFM schedules on a jittered interval and serves the last good one. main.ts only serve()s it. */
export async function buildApp(config: SchedulerConfig, deps: SchedulerDeps = {}): Promise<SchedulerApp> {
  const ctx = createServiceContext({ service: 'scheduler', config, ...(deps.logger ? { logger: deps.logger } : {}) });
  // Create the caller up front, so /healthz shows its state before the first call.
  ctx.caller('genesys');
  const now = deps.now ?? (() => new Date());
  const shared = new SharedSchedules(ctx.redis, ctx.logger);
  const store = new ScheduleStore((snapshot) => shared.publish(snapshot));
  const job = new PullJob({
    job: PULL_JOB,
    work: createSchedulePull({
      source: createWfmSource(ctx, () => store.businessUnits()),
      store,
      daysAhead: config.SCHEDULE_DAYS_AHEAD,
      now,
    }),
    lock: new RedisLock({ redis: ctx.redis, logger: ctx.logger }),
    lockTtlMs: config.LOCK_TTL_SECONDS * 1_000,
    timeoutMs: config.PULL_TIMEOUT_SECONDS * 1_000,
    metrics: createSchedulerMetrics(ctx.registry, store, () => now().getTime()),
    logger: ctx.logger,
    now: () => now().getTime(),
  });
  const timer = new JitteredTimer({
    intervalMs: config.PULL_INTERVAL_SECONDS * 1_000,
    jitter: config.PULL_JITTER,
    tick: () => void job.run('schedule'),
    ...(deps.random ? { random: deps.random } : {}),
  });

  const app = createServiceHttp(ctx, () => ({
    scheduler: { running: job.running, lastPull: job.last() ?? null, servingStale: store.servingStale() },
  }));
  await app.register(async (scope) => scheduleRoutes(scope, store, shared));
  await app.register(async (scope) => pullRoutes(scope, job));
  return {
    app,
    ctx,
    job,
    store,
    startWork: () => timer.start(),
    stopWork: async () => {
      timer.stop();
      await job.stop();
    },
  };
}
