import { metric, SERVICES } from '../metric-signal.js';

/** Seconds; from a cache hit (~1 ms) to the slowest analytics query worth waiting for. */
export const CALL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

const service = 'the service that made the call (crm-sync, webhook-processor, analytics-exporter, scheduler)';
const dependency = 'what is called: genesys, crm, notifier';
const family =
  'Genesys API family (routing, conversations, analytics, workforcemanagement, notifications, users); none outside a Genesys call';
const emittedBy = SERVICES;

/**
 * What the resilience policies of every service did, fed by @lab/telemetry's subscribeMetrics from the service's
 * ResilienceEvents.
 */
export const DEPENDENCY_METRICS = {
  calls: metric({
    name: 'lab_dependency_calls_total',
    type: 'counter',
    help: 'Calls through the resilience policies (all attempts of one call count once), by outcome',
    unit: 'calls',
    labels: { service, dependency, family, outcome: 'success, failure, rejected (breaker or bulkhead), fallback' },
    emittedBy,
    exemplars: true,
  }),
  callDuration: metric({
    name: 'lab_dependency_call_duration_seconds',
    type: 'histogram',
    help: 'Time of one call through the resilience policies, retries and waits included',
    unit: 'seconds',
    labels: { service, dependency, family, outcome: 'success, failure, rejected, fallback' },
    emittedBy,
    exemplars: true,
    buckets: CALL_DURATION_BUCKETS,
  }),
  attempts: metric({
    name: 'lab_dependency_attempts_total',
    type: 'counter',
    help: 'Requests sent to the dependency (each attempt of a call; cache hits and refused calls send none)',
    unit: 'requests',
    labels: { service, dependency, family },
    emittedBy,
  }),
  retries: metric({
    name: 'lab_dependency_retries_total',
    type: 'counter',
    help: 'Retries scheduled, by the failure that caused them',
    unit: 'retries',
    labels: {
      service,
      dependency,
      reason: 'failureReason: http-<status> (http-429, http-503, ...), timeout, connection, rate-limited, error',
    },
    emittedBy,
  }),
  timeouts: metric({
    name: 'lab_dependency_timeouts_total',
    type: 'counter',
    help: 'Attempts abandoned by the timeout policy',
    unit: 'attempts',
    labels: { service, dependency },
    emittedBy,
  }),
  breakerState: metric({
    name: 'lab_breaker_state',
    type: 'gauge',
    help: 'Circuit breaker state: 1 for the current state, 0 otherwise',
    unit: '1',
    labels: { service, dependency, state: 'closed, open, half-open, isolated' },
    emittedBy,
  }),
  breakerTransitions: metric({
    name: 'lab_breaker_transitions_total',
    type: 'counter',
    help: 'Circuit breaker state changes',
    unit: 'transitions',
    labels: { service, dependency, from: 'the state left', to: 'the state entered' },
    emittedBy,
  }),
  breakerRejected: metric({
    name: 'lab_breaker_rejected_total',
    type: 'counter',
    help: 'Calls refused because the circuit was open',
    unit: 'calls',
    labels: { service, dependency },
    emittedBy,
  }),
  bulkheadInUse: metric({
    name: 'lab_bulkhead_in_use',
    type: 'gauge',
    help: 'Calls running inside the bulkhead',
    unit: 'calls',
    labels: { service, dependency },
    emittedBy,
  }),
  bulkheadQueued: metric({
    name: 'lab_bulkhead_queued',
    type: 'gauge',
    help: 'Calls waiting for a bulkhead slot',
    unit: 'calls',
    labels: { service, dependency },
    emittedBy,
  }),
  bulkheadRejected: metric({
    name: 'lab_bulkhead_rejected_total',
    type: 'counter',
    help: 'Calls refused because the bulkhead was full',
    unit: 'calls',
    labels: { service, dependency },
    emittedBy,
  }),
  cacheLookups: metric({
    name: 'lab_cache_lookups_total',
    type: 'counter',
    help: 'Cache lookups, by outcome (hit, miss, stale)',
    unit: 'lookups',
    labels: { service, dependency, outcome: 'hit, miss, stale (served after the dependency failed)' },
    emittedBy,
  }),
  fallbacks: metric({
    name: 'lab_fallbacks_total',
    type: 'counter',
    help: 'Calls answered by a fallback, by reason',
    unit: 'calls',
    labels: {
      service,
      dependency,
      reason: 'failureReason: breaker-open, bulkhead-full, rate-limited, timeout, http-<status>, connection, error',
    },
    emittedBy,
  }),
  rateLimitRemaining: metric({
    name: 'lab_ratelimit_remaining',
    type: 'gauge',
    help: 'Calls left in the platform window (headers)',
    unit: 'calls',
    labels: { service, family },
    emittedBy,
  }),
  rateLimitAllowed: metric({
    name: 'lab_ratelimit_allowed',
    type: 'gauge',
    help: 'Calls allowed per platform window (headers)',
    unit: 'calls',
    labels: { service, family },
    emittedBy,
  }),
  rateLimitReset: metric({
    name: 'lab_ratelimit_reset_seconds',
    type: 'gauge',
    help: 'Seconds until the platform window restarts',
    unit: 'seconds',
    labels: { service, family },
    emittedBy,
  }),
  rateBudgetTaken: metric({
    name: 'lab_ratelimit_budget_taken_total',
    type: 'counter',
    help: 'Units of the org rate budget taken: every request the platform counts (attempts, 401 re-attempts, tokens)',
    unit: 'requests',
    labels: { service, family, source: 'redis, local (where the unit was taken)' },
    emittedBy,
  }),
  rateLimitWaits: metric({
    name: 'lab_ratelimit_waits_total',
    type: 'counter',
    help: 'Times a call waited for rate budget',
    unit: 'waits',
    labels: { service, family, source: 'redis (org budget), local (fallback budget), headers (platform window)' },
    emittedBy,
  }),
  rateLimitWaitSeconds: metric({
    name: 'lab_ratelimit_wait_seconds_total',
    type: 'counter',
    help: 'Time spent waiting for rate budget',
    unit: 'seconds',
    labels: { service, family, source: 'redis, local, headers' },
    emittedBy,
  }),
  rateLimitMode: metric({
    name: 'lab_ratelimit_mode',
    type: 'gauge',
    help: 'Org-wide limiter store: 1 for the mode in use (redis, local)',
    unit: '1',
    labels: { service, mode: 'redis, local' },
    emittedBy,
  }),
};
