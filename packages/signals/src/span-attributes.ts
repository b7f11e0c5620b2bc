/** One span attribute the lab's own code sets, declared once. */
export interface AttributeSignal {
  readonly key: string;
  readonly type: 'string' | 'int' | 'double' | 'boolean';
  /** Which spans carry it. */
  readonly on: string;
  readonly meaning: string;
}

const GENESYS_SPAN = 'genesys.* (one per Genesys call)';

/**
 * Span attributes the lab sets: `genesys.*` facts from the platform's answers, `resilience.*` from the
 * ResilienceEvents emitted while the span is active, and each service's own. `http.response.status_code` is
 * OpenTelemetry's semantic-convention name, set here on the Genesys span as the instrumentations set it on theirs.
 */
export const SPAN_ATTRIBUTES = {
  family: {
    key: 'genesys.api_family',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'Genesys API family (routing, conversations, analytics, workforcemanagement, notifications, users)',
  },
  conversationId: {
    key: 'genesys.conversation_id',
    type: 'string',
    on: `${GENESYS_SPAN}; crm-sync's Data Action server span`,
    meaning: 'The conversation the call concerns; search Jaeger by it',
  },
  correlationId: {
    key: 'genesys.correlation_id',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'inin-correlation-id of the answer (quote it to Genesys support)',
  },
  rateLimitRemaining: {
    key: 'genesys.ratelimit.remaining',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'Calls left in the platform window: inin-ratelimit-allowed minus inin-ratelimit-count',
  },
  rateLimitAllowed: {
    key: 'genesys.ratelimit.allowed',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'inin-ratelimit-allowed: calls per platform window',
  },
  rateLimitReset: {
    key: 'genesys.ratelimit.reset',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'inin-ratelimit-reset: seconds until the platform window restarts',
  },
  httpStatus: {
    key: 'http.response.status_code',
    type: 'int',
    on: `${GENESYS_SPAN} (semantic convention)`,
    meaning: 'The status Genesys answered (the last attempt)',
  },
  attempt: {
    key: 'resilience.attempt',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'Attempts made (1 = no retry): so far while retrying, the final count at the end',
  },
  breakerState: {
    key: 'resilience.breaker_state',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'The breaker state the call last saw change: closed, open, half-open, isolated',
  },
  cache: {
    key: 'resilience.cache',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'hit, miss, or stale (served after the dependency failed)',
  },
  fallback: {
    key: 'resilience.fallback',
    type: 'boolean',
    on: GENESYS_SPAN,
    meaning: 'true when the answer came from the fallback',
  },
  fallbackReason: {
    key: 'resilience.fallback_reason',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'Why: breaker-open, timeout, http-<status>, connection, ...',
  },
  rateLimitWaitMs: {
    key: 'resilience.ratelimit_wait_ms',
    type: 'double',
    on: GENESYS_SPAN,
    meaning: 'Milliseconds spent waiting for rate budget, summed over every wait of the call',
  },
  rejected: {
    key: 'resilience.rejected',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'breaker or bulkhead: which policy refused the call',
  },
  outcome: {
    key: 'resilience.outcome',
    type: 'string',
    on: GENESYS_SPAN,
    meaning: 'success, failure, rejected, fallback',
  },
  bulkheadActive: {
    key: 'resilience.bulkhead_active',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'Calls running in the bulkhead when this one entered',
  },
  bulkheadQueued: {
    key: 'resilience.bulkhead_queued',
    type: 'int',
    on: GENESYS_SPAN,
    meaning: 'Calls waiting for a bulkhead slot when this one entered',
  },
  contactId: {
    key: 'crm.contact_id',
    type: 'string',
    on: "crm-sync's Data Action server span",
    meaning: 'The CRM contact the Data Action asked for',
  },
  schedulerJob: {
    key: 'scheduler.job',
    type: 'string',
    on: 'scheduler.pull <job>',
    meaning: 'The pull job (wfm-schedules)',
  },
  schedulerTrigger: {
    key: 'scheduler.trigger',
    type: 'string',
    on: 'scheduler.pull <job>',
    meaning: 'schedule (the jittered interval) or manual',
  },
  schedulerGuard: {
    key: 'scheduler.guard',
    type: 'string',
    on: 'scheduler.pull <job>',
    meaning: 'How the one-pull-across-replicas lock was held: redis, or local (Redis unreachable)',
  },
  schedulerOutcome: {
    key: 'scheduler.outcome',
    type: 'string',
    on: 'scheduler.pull <job>',
    meaning: 'success or failed',
  },
} as const satisfies Record<string, AttributeSignal>;

/** Attribute keys by name, e.g. `ATTR.conversationId` is `genesys.conversation_id`. */
export const ATTR = Object.fromEntries(Object.entries(SPAN_ATTRIBUTES).map(([name, signal]) => [name, signal.key])) as {
  readonly [K in keyof typeof SPAN_ATTRIBUTES]: (typeof SPAN_ATTRIBUTES)[K]['key'];
};

/** One span event (a moment rather than a state) and the attributes it carries. */
export interface SpanEventSignal {
  readonly name: string;
  readonly meaning: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Span events on the Genesys span, one per ResilienceEvent that is a moment. */
export const SPAN_EVENTS = {
  retry: {
    name: 'resilience.retry',
    meaning: 'An attempt failed and another follows',
    attributes: {
      'resilience.retry': 'the retry number (1 = first retry)',
      'resilience.delay_ms': 'milliseconds until the next attempt',
      'http.response.status_code': 'the status of the failed attempt, when it had one',
      'resilience.reason': 'the failure reason (timeout, connection, ...), when not a status',
      'resilience.retry_after_ms': 'the wait Retry-After asked for, when it did',
    },
  },
  timeout: {
    name: 'resilience.timeout',
    meaning: 'The timeout policy abandoned an attempt',
    attributes: { 'resilience.timeout_ms': 'the timeout' },
  },
  breakerTransition: {
    name: 'resilience.breaker_transition',
    meaning: 'The breaker changed state during the call',
    attributes: {
      'resilience.breaker_from': 'the state left',
      'resilience.breaker_to': 'the state entered',
      'resilience.breaker_shared': 'true when the breaker is shared through Redis',
    },
  },
  rejected: {
    name: 'resilience.rejected',
    meaning: 'A policy refused the call',
    attributes: { 'resilience.by': 'breaker or bulkhead' },
  },
  rateLimitWait: {
    name: 'resilience.ratelimit_wait',
    meaning: 'The call waited for rate budget',
    attributes: {
      'resilience.wait_ms': 'milliseconds waited',
      'resilience.source': 'redis (org budget), local, headers (platform window)',
      'genesys.api_family': 'the family whose budget it waited for',
    },
  },
  rateLimitMode: {
    name: 'resilience.ratelimit_mode',
    meaning: 'The org-wide limiter switched store',
    attributes: { 'resilience.mode': 'redis or local', 'resilience.reason': 'why, when known' },
  },
} as const satisfies Record<string, SpanEventSignal>;

/** Span event names by name, e.g. `SPAN_EVENT.retry` is `resilience.retry`. */
export const SPAN_EVENT = Object.fromEntries(
  Object.entries(SPAN_EVENTS).map(([name, event]) => [name, event.name]),
) as {
  readonly [K in keyof typeof SPAN_EVENTS]: (typeof SPAN_EVENTS)[K]['name'];
};
