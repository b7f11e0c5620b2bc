import { metric } from '../metric-signal.js';

const emittedBy = ['scheduler'] as const;
const outcome = 'success, failed, skipped_overlap (another pull of the job was running here or elsewhere)';

/** Seconds: from a healthy WFM answer to a pull that ran into its deadline. */
export const PULL_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60] as const;

/** The scheduler's own metrics: pulls by outcome and duration, and the schedules it serves. */
export const SCHEDULER_METRICS = {
  pulls: metric({
    name: 'scheduler_pulls_total',
    type: 'counter',
    help: 'WFM schedule pulls, by outcome (skipped_overlap: another pull of the job was running here or elsewhere)',
    unit: 'pulls',
    labels: { outcome },
    emittedBy,
  }),
  pullDuration: metric({
    name: 'scheduler_pull_duration_seconds',
    type: 'histogram',
    help: 'Time of one WFM schedule pull, every Genesys call and wait included',
    unit: 'seconds',
    labels: { outcome: 'success, failed' },
    emittedBy,
    buckets: PULL_DURATION_BUCKETS,
  }),
  scheduleAge: metric({
    name: 'scheduler_schedule_age_seconds',
    type: 'gauge',
    help: 'Seconds since the served schedule of each business unit was pulled',
    unit: 'seconds',
    labels: { business_unit: 'the WFM business unit id' },
    emittedBy,
  }),
  servingStale: metric({
    name: 'scheduler_serving_stale',
    type: 'gauge',
    help: '1 while a schedule served is the previous good one because the latest pull failed, else 0',
    unit: '1',
    labels: {},
    emittedBy,
  }),
};
