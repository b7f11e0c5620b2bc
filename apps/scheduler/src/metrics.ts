import type { MetricsRegistry } from '@lab/service-kit';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { ScheduleStore } from './schedule-store.js';

export const PULL_OUTCOMES = ['success', 'failed', 'skipped_overlap'] as const;
export type PullOutcome = (typeof PULL_OUTCOMES)[number];

/** Seconds: from a healthy WFM answer to a pull that ran into its deadline. */
const PULL_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60];

export interface SchedulerMetrics {
  /** One pull ended (or was skipped); `seconds` for the pulls that ran. */
  pullFinished(outcome: PullOutcome, seconds?: number): void;
}

/**
 * The scheduler's own metrics in the service's registry: pulls by outcome and their duration; the age of each
 * served schedule and whether a stale one is served, both read from the store at scrape time (collect()).
 */
export function createSchedulerMetrics(
  registry: MetricsRegistry,
  store: ScheduleStore,
  now: () => number = Date.now,
): SchedulerMetrics {
  const pulls = new Counter({
    name: 'scheduler_pulls_total',
    help: 'WFM schedule pulls, by outcome (skipped_overlap: another pull of the job was running here or elsewhere)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of PULL_OUTCOMES) pulls.inc({ outcome }, 0);
  const duration = new Histogram({
    name: 'scheduler_pull_duration_seconds',
    help: 'Time of one WFM schedule pull, every Genesys call and wait included',
    labelNames: ['outcome'],
    buckets: PULL_DURATION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'scheduler_schedule_age_seconds',
    help: 'Seconds since the served schedule of each business unit was pulled',
    labelNames: ['business_unit'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { businessUnitId, seconds } of store.ages(now())) this.set({ business_unit: businessUnitId }, seconds);
    },
  });
  new Gauge({
    name: 'scheduler_serving_stale',
    help: '1 while a schedule served is the previous good one because the latest pull failed, else 0',
    registers: [registry],
    collect() {
      this.set(store.servingStale() ? 1 : 0);
    },
  });

  return {
    pullFinished(outcome, seconds) {
      pulls.inc({ outcome });
      if (seconds !== undefined) duration.observe({ outcome }, seconds);
    },
  };
}
