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
export { createInstrumentations, startTelemetry, type Telemetry, type TelemetryOptions } from './sdk.js';
export { type ResilienceEventSource, subscribeSpans } from './span-subscriber.js';
