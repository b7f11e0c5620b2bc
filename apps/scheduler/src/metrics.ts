import type { MetricsRegistry } from '@lab/service-kit';
import { counter, gauge, histogram, SCHEDULER_METRICS } from '@lab/signals';
import type { ScheduleStore } from './schedule-store.js';

export const PULL_OUTCOMES = ['success', 'failed', 'skipped_overlap'] as const;
export type PullOutcome = (typeof PULL_OUTCOMES)[number];

export interface SchedulerMetrics {
  /** One pull ended (or was skipped); `seconds` for the pulls that ran. */
  pullFinished(outcome: PullOutcome, seconds?: number): void;
}

/**
 * The scheduler's own metrics in the service's registry (declared in the telemetry registry): pulls by outcome and their duration; the age of each
 * served schedule and whether a stale one is served, both read from the store at scrape time (collect()).
 */
export function createSchedulerMetrics(
  registry: MetricsRegistry,
  store: ScheduleStore,
  now: () => number = Date.now,
): SchedulerMetrics {
  const m = SCHEDULER_METRICS;
  const pulls = counter(registry, m.pulls);
  for (const outcome of PULL_OUTCOMES) pulls.inc({ outcome }, 0);
  const duration = histogram(registry, m.pullDuration);
  gauge(registry, m.scheduleAge, function () {
    this.reset();
    for (const { businessUnitId, seconds } of store.ages(now())) this.set({ business_unit: businessUnitId }, seconds);
  });
  gauge(registry, m.servingStale, function () {
    this.set(store.servingStale() ? 1 : 0);
  });

  return {
    pullFinished(outcome, seconds) {
      pulls.inc({ outcome });
      if (seconds !== undefined) duration.observe({ outcome }, seconds);
    },
  };
}
