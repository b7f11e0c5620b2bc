import { ResilienceEvents } from '@lab/resilience';
import { afterAll, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { withGenesysSpan } from './genesys-span.js';
import { createMetricsRegistry } from './metrics-registry.js';
import { subscribeMetrics } from './metrics-subscriber.js';

const tracing = await startInMemoryTracing();
afterAll(() => tracing.shutdown());

/** The sample lines of `name` (not its HELP/TYPE lines). */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('subscribeMetrics', () => {
  it('counts and times calls by service, dependency, family and outcome, with the trace as exemplar', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const events = new ResilienceEvents();
    subscribeMetrics(events, registry, { service: 'queue-monitor' });
    const traceId = await withGenesysSpan('genesys.list_queues', { family: 'routing' }, (span) => {
      events.emit({ type: 'call', dependency: 'genesys', outcome: 'success', durationMs: 180, attempts: 1 });
      return span.spanContext().traceId;
    });
    events.emit({ type: 'call', dependency: 'crm', outcome: 'failure', durationMs: 2_000, attempts: 3 });

    const text = await registry.metrics();
    const calls = samples(text, 'lab_dependency_calls_total');
    expect(calls).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^lab_dependency_calls_total\\{service="queue-monitor",dependency="genesys",family="routing",outcome="success"\\} 1 # \\{trace_id="${traceId}",span_id="[0-9a-f]{16}"\\} 1`,
        ),
      ),
    );
    expect(calls).toContainEqual(
      'lab_dependency_calls_total{service="queue-monitor",dependency="crm",family="none",outcome="failure"} 1',
    );
    // Attempts count what the dependency received: 1 request to Genesys, 3 to the CRM.
    expect(samples(text, 'lab_dependency_attempts_total')).toEqual([
      'lab_dependency_attempts_total{service="queue-monitor",dependency="genesys",family="routing"} 1',
      'lab_dependency_attempts_total{service="queue-monitor",dependency="crm",family="none"} 3',
    ]);
    const buckets = samples(text, 'lab_dependency_call_duration_seconds_bucket');
    expect(buckets.find((line) => line.includes('dependency="genesys"') && line.includes('le="0.25"'))).toMatch(
      new RegExp(`\\} 1 # \\{trace_id="${traceId}",span_id="[0-9a-f]{16}"\\} 0\\.18`),
    );
    expect(samples(text, 'lab_dependency_call_duration_seconds_sum')).toContainEqual(
      'lab_dependency_call_duration_seconds_sum{service="queue-monitor",dependency="crm",family="none",outcome="failure"} 2',
    );
    expect(registry.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
  });

  it('tracks retries, breaker, bulkhead, cache, fallbacks and rate limits', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const events = new ResilienceEvents();
    subscribeMetrics(events, registry, { service: 'svc' });
    const dep = 'genesys';
    events.emit({ type: 'retry', dependency: dep, attempt: 1, delayMs: 100, status: 429, error: 'http-429' });
    events.emit({ type: 'retry', dependency: dep, attempt: 2, delayMs: 100, error: 'timeout' });
    events.emit({ type: 'timeout', dependency: dep, timeoutMs: 3_000 });
    events.emit({ type: 'breaker-state', dependency: dep, from: 'closed', to: 'open', shared: false });
    events.emit({ type: 'breaker-rejected', dependency: dep });
    events.emit({ type: 'bulkhead', dependency: dep, active: 4, queued: 2 });
    events.emit({ type: 'bulkhead-rejected', dependency: dep });
    for (const outcome of ['hit', 'hit', 'miss', 'stale'] as const)
      events.emit({ type: 'cache', dependency: dep, outcome });
    events.emit({ type: 'fallback', dependency: dep, reason: 'breaker-open' });
    events.emit({ type: 'rate-limit-headers', family: 'analytics', remaining: 17, allowed: 300, resetSeconds: 9 });
    events.emit({ type: 'rate-limit-wait', family: 'analytics', waitMs: 1_500, source: 'local' });
    events.emit({ type: 'rate-limit-wait', family: 'analytics', waitMs: 500, source: 'local' });
    events.emit({ type: 'rate-limit-mode', mode: 'local', reason: 'redis unreachable' });

    const text = await registry.metrics();
    const lines = text.split('\n');
    for (const expected of [
      'lab_dependency_retries_total{service="svc",dependency="genesys",reason="http-429"} 1',
      'lab_dependency_retries_total{service="svc",dependency="genesys",reason="timeout"} 1',
      'lab_dependency_timeouts_total{service="svc",dependency="genesys"} 1',
      'lab_breaker_state{service="svc",dependency="genesys",state="open"} 1',
      'lab_breaker_state{service="svc",dependency="genesys",state="closed"} 0',
      'lab_breaker_transitions_total{service="svc",dependency="genesys",from="closed",to="open"} 1',
      'lab_breaker_rejected_total{service="svc",dependency="genesys"} 1',
      'lab_bulkhead_in_use{service="svc",dependency="genesys"} 4',
      'lab_bulkhead_queued{service="svc",dependency="genesys"} 2',
      'lab_bulkhead_rejected_total{service="svc",dependency="genesys"} 1',
      'lab_cache_lookups_total{service="svc",dependency="genesys",outcome="hit"} 2',
      'lab_cache_lookups_total{service="svc",dependency="genesys",outcome="stale"} 1',
      'lab_fallbacks_total{service="svc",dependency="genesys",reason="breaker-open"} 1',
      'lab_ratelimit_remaining{service="svc",family="analytics"} 17',
      'lab_ratelimit_allowed{service="svc",family="analytics"} 300',
      'lab_ratelimit_reset_seconds{service="svc",family="analytics"} 9',
      'lab_ratelimit_waits_total{service="svc",family="analytics",source="local"} 2',
      'lab_ratelimit_wait_seconds_total{service="svc",family="analytics",source="local"} 2',
      'lab_ratelimit_mode{service="svc",mode="local"} 1',
      'lab_ratelimit_mode{service="svc",mode="redis"} 0',
    ]) {
      expect(lines).toContain(expected);
    }
  });

  it('shares one registry between emitters, and unsubscribing stops counting', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const first = new ResilienceEvents();
    const second = new ResilienceEvents();
    const stopFirst = subscribeMetrics(first, registry, { service: 'svc' });
    subscribeMetrics(second, registry, { service: 'svc' });
    first.emit({ type: 'cache', dependency: 'crm', outcome: 'hit' });
    second.emit({ type: 'cache', dependency: 'crm', outcome: 'hit' });
    stopFirst();
    first.emit({ type: 'cache', dependency: 'crm', outcome: 'hit' });
    expect((await registry.metrics()).split('\n')).toContain(
      'lab_cache_lookups_total{service="svc",dependency="crm",outcome="hit"} 2',
    );
  });

  it('exposes the default process metrics unless told not to', async () => {
    expect(await createMetricsRegistry().metrics()).toMatch(/^process_cpu_seconds_total /m);
    expect(await createMetricsRegistry({ defaultMetrics: false }).metrics()).not.toContain('process_cpu');
  });
});
