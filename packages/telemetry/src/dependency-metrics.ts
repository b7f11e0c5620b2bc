import {
  CALL_DURATION_BUCKETS,
  counter,
  DEPENDENCY_METRICS,
  gauge,
  histogram,
  type MetricsRegistry,
} from '@lab/signals';

export { CALL_DURATION_BUCKETS, type MetricsRegistry };

/** The dependency metrics of one app, in `registry`, as the registry declares them (DEPENDENCY_METRICS). */
export function createDependencyMetrics(registry: MetricsRegistry) {
  const m = DEPENDENCY_METRICS;
  return {
    calls: counter(registry, m.calls),
    duration: histogram(registry, m.callDuration),
    attempts: counter(registry, m.attempts),
    retries: counter(registry, m.retries),
    timeouts: counter(registry, m.timeouts),
    breakerState: gauge(registry, m.breakerState),
    breakerTransitions: counter(registry, m.breakerTransitions),
    breakerRejected: counter(registry, m.breakerRejected),
    bulkheadInUse: gauge(registry, m.bulkheadInUse),
    bulkheadQueued: gauge(registry, m.bulkheadQueued),
    bulkheadRejected: counter(registry, m.bulkheadRejected),
    cache: counter(registry, m.cacheLookups),
    rateLimitRemaining: gauge(registry, m.rateLimitRemaining),
    rateLimitAllowed: gauge(registry, m.rateLimitAllowed),
    rateLimitReset: gauge(registry, m.rateLimitReset),
    rateBudgetTaken: counter(registry, m.rateBudgetTaken),
    rateLimitWaits: counter(registry, m.rateLimitWaits),
    rateLimitWaitSeconds: counter(registry, m.rateLimitWaitSeconds),
    rateLimitMode: gauge(registry, m.rateLimitMode),
    fallbacks: counter(registry, m.fallbacks),
  };
}

export type DependencyMetrics = ReturnType<typeof createDependencyMetrics>;
