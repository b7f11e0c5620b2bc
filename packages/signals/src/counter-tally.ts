import type { Counter } from 'prom-client';
import { counter } from './create-metric.js';
import { labelNames, type MetricSignal, type MetricsRegistry } from './metric-signal.js';

interface Leaf {
  labels: Record<string, string>;
  pending: number;
}
type Level = Map<string, Level | Leaf>;

/**
 * A labelled counter whose increments are added up in nested Maps (one level per label, in the declaration's
 * order) and handed to its prom-client Counter when the counter is read: prom-client calls a metric's `collect`
 * before every read (a scrape, `registry.metrics()`, `counter.get()`), so a read sees every increment made before
 * it. prom-client's own `inc(labels)` builds a string of every label value and checks every label name on each
 * call; here the hot path is one Map lookup per label and an addition. In the mock's pipeline the request counter
 * and the duration histogram together cost about 4 µs of a 35 µs request (issue 12, apps/mock-genesys README).
 *
 * Hand-written: prom-client has no pre-aggregated increment. The counter is the registry's own (created here with
 * the `collect`), so nothing else increments it behind the tally.
 */
export class CounterTally<L extends string> {
  private readonly root: Level = new Map();
  private readonly leaves: Leaf[] = [];
  readonly counter: Counter<L>;
  private readonly names: L[];
  private readonly name: string;

  constructor(registry: MetricsRegistry, signal: MetricSignal<L>) {
    if (registry.getSingleMetric(signal.name))
      throw new Error(`${signal.name} is already in the registry: a tallied counter must be its only writer`);
    // An exemplar belongs to one increment, which a tally does not keep.
    if (signal.exemplars) throw new Error(`${signal.name} declares exemplars: a tally cannot carry them`);
    this.name = signal.name;
    this.names = labelNames(signal);
    if (this.names.length === 0) throw new Error(`${signal.name} has no labels: use a plain counter`);
    this.counter = counter(registry, signal, () => this.flush());
  }

  /** One increment for these label values, given in the declaration's label order. */
  inc(...values: string[]): void {
    if (values.length !== this.names.length)
      throw new Error(`${this.name} takes ${this.names.length} label values, got ${values.length}`);
    let level = this.root;
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      const value = values[i] as string;
      let next = level.get(value) as Level | undefined;
      if (!next) {
        next = new Map();
        level.set(value, next);
      }
      level = next;
    }
    const value = values[last] as string;
    let leaf = level.get(value) as Leaf | undefined;
    if (!leaf) {
      const labels: Record<string, string> = {};
      this.names.forEach((name, i) => {
        labels[name] = values[i] as string;
      });
      leaf = { labels, pending: 0 };
      level.set(value, leaf);
      this.leaves.push(leaf);
    }
    leaf.pending++;
  }

  /** Hands the counts added since the last read to the counter (prom-client calls this before each read). */
  flush(): void {
    for (const leaf of this.leaves) {
      if (leaf.pending === 0) continue;
      this.counter.inc(leaf.labels as Partial<Record<L, string>>, leaf.pending);
      leaf.pending = 0;
    }
  }
}
