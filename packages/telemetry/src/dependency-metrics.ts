import {
  Counter,
  Gauge,
  Histogram,
  type OpenMetricsContentType,
  type PrometheusContentType,
  type Registry,
} from 'prom-client';

export type MetricsRegistry = Registry<OpenMetricsContentType> | Registry<PrometheusContentType>;

/** Seconds; from a cache hit (~1 ms) to the slowest analytics query worth waiting for. */
export const CALL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

// Every metric lives in the registry given: registering twice (two emitters, one registry) reuses it.
function existing<M>(registry: MetricsRegistry, name: string): M | undefined {
  return registry.getSingleMetric(name) as M | undefined;
}

function counter<L extends string>(
  registry: MetricsRegistry,
  name: string,
  help: string,
  labelNames: L[],
  exemplars = false,
) {
  return (
    existing<Counter<L>>(registry, name) ??
    new Counter({ name, help, labelNames, registers: [registry], enableExemplars: exemplars })
  );
}

function gauge<L extends string>(registry: MetricsRegistry, name: string, help: string, labelNames: L[]) {
  return existing<Gauge<L>>(registry, name) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

/** The dependency metrics of one app, in `registry`. Names follow Prometheus conventions (_total, _seconds). */
export function createDependencyMetrics(registry: MetricsRegistry) {
  return {
    calls: counter(
      registry,
      'lab_dependency_calls_total',
      'Calls through the resilience policies (all attempts of one call count once), by outcome',
      ['service', 'dependency', 'family', 'outcome'],
      true,
    ),
    duration:
      existing<Histogram<'service' | 'dependency' | 'family' | 'outcome'>>(
        registry,
        'lab_dependency_call_duration_seconds',
      ) ??
      new Histogram({
        name: 'lab_dependency_call_duration_seconds',
        help: 'Time of one call through the resilience policies, retries and waits included',
        labelNames: ['service', 'dependency', 'family', 'outcome'],
        buckets: CALL_DURATION_BUCKETS,
        registers: [registry],
        enableExemplars: true,
      }),
    attempts: counter(
      registry,
      'lab_dependency_attempts_total',
      'Requests sent to the dependency (each attempt of a call; cache hits and refused calls send none)',
      ['service', 'dependency', 'family'],
    ),
    retries: counter(registry, 'lab_dependency_retries_total', 'Retries scheduled, by the failure that caused them', [
      'service',
      'dependency',
      'reason',
    ]),
    timeouts: counter(registry, 'lab_dependency_timeouts_total', 'Attempts abandoned by the timeout policy', [
      'service',
      'dependency',
    ]),
    breakerState: gauge(registry, 'lab_breaker_state', 'Circuit breaker state: 1 for the current state, 0 otherwise', [
      'service',
      'dependency',
      'state',
    ]),
    breakerTransitions: counter(registry, 'lab_breaker_transitions_total', 'Circuit breaker state changes', [
      'service',
      'dependency',
      'from',
      'to',
    ]),
    breakerRejected: counter(registry, 'lab_breaker_rejected_total', 'Calls refused because the circuit was open', [
      'service',
      'dependency',
    ]),
    bulkheadInUse: gauge(registry, 'lab_bulkhead_in_use', 'Calls running inside the bulkhead', [
      'service',
      'dependency',
    ]),
    bulkheadQueued: gauge(registry, 'lab_bulkhead_queued', 'Calls waiting for a bulkhead slot', [
      'service',
      'dependency',
    ]),
    bulkheadRejected: counter(registry, 'lab_bulkhead_rejected_total', 'Calls refused because the bulkhead was full', [
      'service',
      'dependency',
    ]),
    cache: counter(registry, 'lab_cache_lookups_total', 'Cache lookups, by outcome (hit, miss, stale)', [
      'service',
      'dependency',
      'outcome',
    ]),
    rateLimitRemaining: gauge(registry, 'lab_ratelimit_remaining', 'Calls left in the platform window (headers)', [
      'service',
      'family',
    ]),
    rateLimitAllowed: gauge(registry, 'lab_ratelimit_allowed', 'Calls allowed per platform window (headers)', [
      'service',
      'family',
    ]),
    rateLimitReset: gauge(registry, 'lab_ratelimit_reset_seconds', 'Seconds until the platform window restarts', [
      'service',
      'family',
    ]),
    rateLimitWaits: counter(registry, 'lab_ratelimit_waits_total', 'Times a call waited for rate budget', [
      'service',
      'family',
      'source',
    ]),
    rateLimitWaitSeconds: counter(registry, 'lab_ratelimit_wait_seconds_total', 'Time spent waiting for rate budget', [
      'service',
      'family',
      'source',
    ]),
    rateLimitMode: gauge(
      registry,
      'lab_ratelimit_mode',
      'Org-wide limiter store: 1 for the mode in use (redis, local)',
      ['service', 'mode'],
    ),
    fallbacks: counter(registry, 'lab_fallbacks_total', 'Calls answered by a fallback, by reason', [
      'service',
      'dependency',
      'reason',
    ]),
  };
}

export type DependencyMetrics = ReturnType<typeof createDependencyMetrics>;
