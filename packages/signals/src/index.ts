export { CounterTally } from './counter-tally.js';
export { type CounterCollect, counter, type GaugeCollect, gauge, histogram } from './create-metric.js';
export {
  labelNames,
  METRIC_EMITTERS,
  type MetricEmitter,
  type MetricSignal,
  type MetricsRegistry,
  type MetricType,
  metric,
  SERVICES,
} from './metric-signal.js';
export {
  CALL_DURATION_BUCKETS,
  DEFAULT_METRIC_PREFIXES,
  DEPENDENCY_METRICS,
  EXPORT_DURATION_BUCKETS,
  EXPORTER_METRICS,
  FAULT_METRICS,
  isDefaultMetric,
  METRIC_GROUPS,
  METRICS,
  MOCK_CRM_METRICS,
  MOCK_GENESYS_METRICS,
  MOCK_NOTIFIER_METRICS,
  metricsOf,
  PULL_DURATION_BUCKETS,
  SCHEDULER_METRICS,
  WEBHOOK_METRICS,
} from './metrics/index.js';
export {
  EXCEPTION_EVENT_ATTRIBUTES,
  JAEGER_DERIVED_TAGS,
  SEMCONV_ATTRIBUTES,
  type SemconvAttribute,
} from './semconv-attributes.js';
export {
  ATTR,
  type AttributeSignal,
  SPAN_ATTRIBUTES,
  SPAN_EVENT,
  SPAN_EVENTS,
  type SpanEventSignal,
} from './span-attributes.js';
export { telemetryPage } from './telemetry-page.js';
