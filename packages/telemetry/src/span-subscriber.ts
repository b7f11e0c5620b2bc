import type { ResilienceEvent, ResilienceEvents } from '@lab/resilience';
import { diag, type Span, trace } from '@opentelemetry/api';
import { ATTR, SPAN_EVENT } from './attributes.js';
import { scrubString } from './redact.js';

/** What the subscribers need of an emitter: ResilienceEvents, or anything with the same `on`. */
export type ResilienceEventSource = Pick<ResilienceEvents, 'on'>;

/**
 * Puts every ResilienceEvent emitted while a span is active onto that span: states as attributes (breaker
 * state, cache outcome, attempts, fallback, summed rate-limit wait), moments as span events (retry, timeout,
 * rejection, breaker transition, rate-limit wait/mode). Returns the unsubscribe function.
 */
export function subscribeSpans(events: ResilienceEventSource): () => void {
  // Per span, the rate-limit wait so far: a call may wait more than once.
  const waited = new WeakMap<Span, number>();
  return events.on((event) => {
    const span = trace.getActiveSpan();
    if (!span?.isRecording()) return;
    try {
      applyEvent(span, event, waited);
    } catch (error) {
      // A telemetry fault must never break the call that emitted the event.
      diag.error('@lab/telemetry: could not record a resilience event on the span', error);
    }
  });
}

function applyEvent(span: Span, event: ResilienceEvent, waited: WeakMap<Span, number>): void {
  switch (event.type) {
    case 'retry':
      // cockatiel numbers retries from 1, so the attempt that follows is retry + 1.
      span.setAttribute(ATTR.attempt, event.attempt + 1);
      span.addEvent(SPAN_EVENT.retry, {
        'resilience.retry': event.attempt,
        'resilience.delay_ms': event.delayMs,
        ...(event.status !== undefined && { [ATTR.httpStatus]: event.status }),
        ...(event.error !== undefined && { 'resilience.reason': scrubString(event.error) }),
        ...(event.retryAfterMs !== undefined && { 'resilience.retry_after_ms': event.retryAfterMs }),
      });
      return;
    case 'timeout':
      span.addEvent(SPAN_EVENT.timeout, { 'resilience.timeout_ms': event.timeoutMs });
      return;
    case 'breaker-state':
      span.setAttribute(ATTR.breakerState, event.to);
      span.addEvent(SPAN_EVENT.breakerTransition, {
        'resilience.breaker_from': event.from,
        'resilience.breaker_to': event.to,
        'resilience.breaker_shared': event.shared,
      });
      return;
    case 'breaker-rejected':
      span.setAttribute(ATTR.rejected, 'breaker');
      span.addEvent(SPAN_EVENT.rejected, { 'resilience.by': 'breaker' });
      return;
    case 'bulkhead':
      span.setAttributes({ [ATTR.bulkheadActive]: event.active, [ATTR.bulkheadQueued]: event.queued });
      return;
    case 'bulkhead-rejected':
      span.setAttribute(ATTR.rejected, 'bulkhead');
      span.addEvent(SPAN_EVENT.rejected, { 'resilience.by': 'bulkhead' });
      return;
    case 'cache':
      span.setAttribute(ATTR.cache, event.outcome);
      return;
    case 'fallback':
      span.setAttributes({ [ATTR.fallback]: true, [ATTR.fallbackReason]: scrubString(event.reason) });
      return;
    case 'rate-limit-wait': {
      const total = (waited.get(span) ?? 0) + event.waitMs;
      waited.set(span, total);
      span.setAttribute(ATTR.rateLimitWaitMs, total);
      span.addEvent(SPAN_EVENT.rateLimitWait, {
        'resilience.wait_ms': event.waitMs,
        'resilience.source': event.source,
        [ATTR.family]: event.family,
      });
      return;
    }
    case 'rate-limit-mode':
      span.addEvent(SPAN_EVENT.rateLimitMode, {
        'resilience.mode': event.mode,
        ...(event.reason !== undefined && { 'resilience.reason': scrubString(event.reason) }),
      });
      return;
    case 'rate-limit-headers':
      span.setAttributes({
        [ATTR.rateLimitRemaining]: event.remaining,
        [ATTR.rateLimitAllowed]: event.allowed,
        [ATTR.rateLimitReset]: event.resetSeconds,
      });
      return;
    case 'call':
      span.setAttributes({ [ATTR.attempt]: event.attempts, [ATTR.outcome]: event.outcome });
      if (event.outcome === 'fallback') span.setAttribute(ATTR.fallback, true);
      return;
  }
}
