export { ATTR, SPAN_EVENT } from './attributes.js';
export {
  CALL_DURATION_BUCKETS,
  createDependencyMetrics,
  type DependencyMetrics,
  type MetricsRegistry,
} from './dependency-metrics.js';
export {
  FAMILY_CONTEXT_KEY,
  type GenesysResponse,
  type GenesysSpanOptions,
  recordFailure,
  recordGenesysResponse,
  TRACER_NAME,
  withGenesysSpan,
} from './genesys-span.js';
export { createLogger, type LoggerOptions, REDACT_PATHS } from './logger.js';
export { createMetricsRegistry, type MetricsRegistryOptions } from './metrics-registry.js';
export { type MetricsSubscriberOptions, subscribeMetrics } from './metrics-subscriber.js';
export { REDACTED, REDACTED_QUERY_PARAMS, redactUrl, SECRET_KEY, scrubString, scrubValue } from './redact.js';
// The SDK itself (sdk.ts) is started by `node --import @lab/telemetry/instrumentation` and not exported here: an
// app that only logs and counts does not load it.
export type { Telemetry, TelemetryOptions } from './sdk.js';
export { inRequestContext, traceServerRequests, UNTRACED_PATHS } from './server-spans.js';
export { type ResilienceEventSource, subscribeSpans } from './span-subscriber.js';
