import { Counter, Gauge, Histogram } from 'prom-client';
import { labelNames, type MetricSignal, type MetricsRegistry, type MetricType } from './metric-signal.js';

/** What a gauge reads at scrape time (prom-client's `collect`, called with the gauge as `this`). */
export type GaugeCollect<L extends string> = (this: Gauge<L>) => void | Promise<void>;

function expectType(signal: MetricSignal, type: MetricType): void {
  if (signal.type !== type) throw new Error(`${signal.name} is declared as a ${signal.type}, not a ${type}`);
}

// A metric already in the registry (two emitters feeding one registry) is reused: same signal, same metric.
function existing<M>(registry: MetricsRegistry, signal: MetricSignal): M | undefined {
  return registry.getSingleMetric(signal.name) as M | undefined;
}

/** What a counter runs before each read (prom-client's `collect`, called with the counter as `this`). */
export type CounterCollect<L extends string> = (this: Counter<L>) => void | Promise<void>;

/**
 * The prom-client Counter of `signal` in `registry`: name, help, labels and exemplars from the declaration;
 * `collect` (if given) runs before each read.
 */
export function counter<L extends string>(
  registry: MetricsRegistry,
  signal: MetricSignal<L>,
  collect?: CounterCollect<L>,
): Counter<L> {
  expectType(signal, 'counter');
  return (
    existing<Counter<L>>(registry, signal) ??
    new Counter({
      name: signal.name,
      help: signal.help,
      labelNames: labelNames(signal),
      registers: [registry],
      enableExemplars: signal.exemplars === true,
      ...(collect && { collect }),
    })
  );
}

/** The prom-client Gauge of `signal` in `registry`; `collect` (if given) sets it at scrape time. */
export function gauge<L extends string>(
  registry: MetricsRegistry,
  signal: MetricSignal<L>,
  collect?: GaugeCollect<L>,
): Gauge<L> {
  expectType(signal, 'gauge');
  return (
    existing<Gauge<L>>(registry, signal) ??
    new Gauge({
      name: signal.name,
      help: signal.help,
      labelNames: labelNames(signal),
      registers: [registry],
      ...(collect && { collect }),
    })
  );
}

/** The prom-client Histogram of `signal` in `registry`, with the declared buckets. */
export function histogram<L extends string>(registry: MetricsRegistry, signal: MetricSignal<L>): Histogram<L> {
  expectType(signal, 'histogram');
  if (!signal.buckets) throw new Error(`${signal.name} is a histogram declared without buckets`);
  return (
    existing<Histogram<L>>(registry, signal) ??
    new Histogram({
      name: signal.name,
      help: signal.help,
      labelNames: labelNames(signal),
      buckets: [...signal.buckets],
      registers: [registry],
      enableExemplars: signal.exemplars === true,
    })
  );
}
