/**
 * Span attribute names this package sets. Genesys facts come from the platform's response headers; resilience
 * facts come from the ResilienceEvents emitted while the span is active. HTTP names follow OpenTelemetry's
 * semantic conventions.
 */
export const ATTR = {
  conversationId: 'genesys.conversation_id',
  family: 'genesys.api_family',
  correlationId: 'genesys.correlation_id',
  rateLimitRemaining: 'genesys.ratelimit.remaining',
  rateLimitAllowed: 'genesys.ratelimit.allowed',
  /** Seconds until the platform's rate window restarts. */
  rateLimitReset: 'genesys.ratelimit.reset',
  httpStatus: 'http.response.status_code',
  /** Attempts made so far (1 = no retry). */
  attempt: 'resilience.attempt',
  breakerState: 'resilience.breaker_state',
  fallback: 'resilience.fallback',
  fallbackReason: 'resilience.fallback_reason',
  cache: 'resilience.cache',
  /** Milliseconds spent waiting for rate budget during this span, summed over every wait. */
  rateLimitWaitMs: 'resilience.ratelimit_wait_ms',
  rejected: 'resilience.rejected',
  outcome: 'resilience.outcome',
} as const;

/** Span event names, one per ResilienceEvent that is a moment rather than a state. */
export const SPAN_EVENT = {
  retry: 'resilience.retry',
  timeout: 'resilience.timeout',
  breakerTransition: 'resilience.breaker_transition',
  rejected: 'resilience.rejected',
  rateLimitWait: 'resilience.ratelimit_wait',
  rateLimitMode: 'resilience.ratelimit_mode',
} as const;
