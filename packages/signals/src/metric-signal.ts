import type { OpenMetricsContentType, PrometheusContentType, Registry } from 'prom-client';

export type MetricsRegistry = Registry<OpenMetricsContentType> | Registry<PrometheusContentType>;

/** The apps that serve /metrics (topology names). */
export const METRIC_EMITTERS = [
  'crm-sync',
  'webhook-processor',
  'analytics-exporter',
  'scheduler',
  'mock-genesys',
  'mock-crm',
  'mock-notifier',
] as const;
/**
 * Who serves a metric: an app, or the lab runner's Toxiproxy exporter (packages/lab-runner/src/toxics-exporter.ts,
 * Prometheus job "toxiproxy"), which is not an app and serves no process metrics.
 */
export type MetricEmitter = (typeof METRIC_EMITTERS)[number] | 'toxics-exporter';

/** The four resilient services: each serves the dependency metrics of @lab/telemetry. */
export const SERVICES = [
  'crm-sync',
  'webhook-processor',
  'analytics-exporter',
  'scheduler',
] as const satisfies readonly MetricEmitter[];

export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * One Prometheus metric, declared once: the name (Prometheus naming: `_total` on counters, base units such as
 * `_seconds` in the name), what it counts or measures, its labels and what their values are, and who serves it.
 */
export interface MetricSignal<L extends string = string> {
  readonly name: string;
  readonly type: MetricType;
  /** The HELP line: what one sample means. */
  readonly help: string;
  /** The unit of the value: `seconds`, or what is counted (`calls`, `events`, ...), `1` for a 0/1 state. */
  readonly unit: string;
  /** Every label, with what its values are (bounded sets: the values themselves). */
  readonly labels: Readonly<Record<L, string>>;
  readonly emittedBy: readonly MetricEmitter[];
  /** Counts and observations carry the active trace (`trace_id`, `span_id`) as an OpenMetrics exemplar. */
  readonly exemplars?: boolean;
  /** Histogram buckets, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** Declares one metric, keeping its label names as a type (so a helper's `inc` accepts exactly those labels). */
export function metric<const L extends string = never>(signal: MetricSignal<L>): MetricSignal<L> {
  return signal;
}

/** The label names of `signal`, in declaration order. */
export function labelNames<L extends string>(signal: MetricSignal<L>): L[] {
  return Object.keys(signal.labels) as L[];
}
