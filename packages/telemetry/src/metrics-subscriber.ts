import type { BreakerState, ResilienceEvent } from '@lab/resilience';
import { context, diag, isSpanContextValid, TraceFlags, trace } from '@opentelemetry/api';
import { createDependencyMetrics, type DependencyMetrics, type MetricsRegistry } from './dependency-metrics.js';
import { FAMILY_CONTEXT_KEY } from './genesys-span.js';
import { scrubString } from './redact.js';
import type { ResilienceEventSource } from './span-subscriber.js';

export interface MetricsSubscriberOptions {
  /** The app's name, the `service` label of every metric. */
  service: string;
}

const BREAKER_STATES: BreakerState[] = ['closed', 'open', 'half-open', 'isolated'];
const RATE_LIMIT_MODES = ['redis', 'local'] as const;

/**
 * Trace and span id of the active, sampled span, for exemplars; undefined otherwise. (prom-client 15 types
 * exemplar labels as the metric's own label names, hence the loose return type.)
 */
function exemplarLabels(): Record<string, string> | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  if ((spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** The API family withGenesysSpan put in the active context, or "none" outside one. */
function activeFamily(): string {
  const family = context.active().getValue(FAMILY_CONTEXT_KEY);
  return typeof family === 'string' ? family : 'none';
}

/**
 * Turns every ResilienceEvent into prom-client metrics in `registry` (see createDependencyMetrics for names and
 * labels). Call durations and counts carry the active trace as an exemplar. Returns the unsubscribe function.
 */
export function subscribeMetrics(
  events: ResilienceEventSource,
  registry: MetricsRegistry,
  options: MetricsSubscriberOptions,
): () => void {
  const metrics = createDependencyMetrics(registry);
  return events.on((event) => {
    try {
      record(metrics, options.service, event);
    } catch (error) {
      // A telemetry fault must never break the call that emitted the event.
      diag.error('@lab/telemetry: could not record a resilience event as metrics', error);
    }
  });
}

function record(m: DependencyMetrics, service: string, event: ResilienceEvent): void {
  switch (event.type) {
    case 'call': {
      const labels = { service, dependency: event.dependency, family: activeFamily(), outcome: event.outcome };
      const exemplar = exemplarLabels();
      m.calls.inc({ labels, value: 1, ...(exemplar && { exemplarLabels: exemplar }) });
      m.duration.observe({ labels, value: event.durationMs / 1000, ...(exemplar && { exemplarLabels: exemplar }) });
      // What the dependency saw: per attempt, so a Genesys family's count is comparable with the platform's own.
      if (event.attempts > 0) {
        m.attempts.inc({ service, dependency: event.dependency, family: labels.family }, event.attempts);
      }
      return;
    }
    case 'retry': {
      const reason = event.error ?? (event.status !== undefined ? `http-${event.status}` : 'error');
      m.retries.inc({ service, dependency: event.dependency, reason: scrubString(reason) });
      return;
    }
    case 'timeout':
      m.timeouts.inc({ service, dependency: event.dependency });
      return;
    case 'breaker-state':
      for (const state of BREAKER_STATES) {
        m.breakerState.set({ service, dependency: event.dependency, state }, state === event.to ? 1 : 0);
      }
      m.breakerTransitions.inc({ service, dependency: event.dependency, from: event.from, to: event.to });
      return;
    case 'breaker-rejected':
      m.breakerRejected.inc({ service, dependency: event.dependency });
      return;
    case 'bulkhead':
      m.bulkheadInUse.set({ service, dependency: event.dependency }, event.active);
      m.bulkheadQueued.set({ service, dependency: event.dependency }, event.queued);
      return;
    case 'bulkhead-rejected':
      m.bulkheadRejected.inc({ service, dependency: event.dependency });
      return;
    case 'cache':
      m.cache.inc({ service, dependency: event.dependency, outcome: event.outcome });
      return;
    case 'fallback':
      m.fallbacks.inc({ service, dependency: event.dependency, reason: scrubString(event.reason) });
      return;
    case 'rate-budget-taken':
      m.rateBudgetTaken.inc({ service, family: event.family, source: event.source });
      return;
    case 'rate-limit-wait': {
      const labels = { service, family: event.family, source: event.source };
      m.rateLimitWaits.inc(labels);
      m.rateLimitWaitSeconds.inc(labels, event.waitMs / 1000);
      return;
    }
    case 'rate-limit-mode':
      for (const mode of RATE_LIMIT_MODES) m.rateLimitMode.set({ service, mode }, mode === event.mode ? 1 : 0);
      return;
    case 'rate-limit-headers':
      m.rateLimitRemaining.set({ service, family: event.family }, event.remaining);
      m.rateLimitAllowed.set({ service, family: event.family }, event.allowed);
      m.rateLimitReset.set({ service, family: event.family }, event.resetSeconds);
      return;
  }
}
