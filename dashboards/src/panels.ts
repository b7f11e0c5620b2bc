import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { VisibilityMode } from '@grafana/grafana-foundation-sdk/common';
import {
  type Panel,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS } from './datasources.js';

/** One PromQL query of a panel: what it asks, how its series are named, and whether it carries exemplars. */
export interface Query {
  expr: string;
  /** Grafana legend format, e.g. "{{service}} → {{dependency}}". */
  legend?: string;
  /** Exemplars (trace_id) on the points: a click leads to the trace in Jaeger. For histograms and counters. */
  exemplar?: boolean;
}

export interface PanelOptions {
  description: string;
  unit?: string;
  /** Grid columns out of 24 (default 12). */
  width?: number;
  height?: number;
  /** Colour steps (stat panels): the first step's value is null (everything below the next). */
  thresholds?: { value: number | null; color: string }[];
}

function targets(queries: Query[]): Builder<Dataquery>[] {
  return queries.map((q, i) =>
    new DataqueryBuilder()
      .datasource(PROMETHEUS)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto')
      .range()
      .exemplar(q.exemplar ?? false),
  );
}

/** A time series of one or more PromQL queries. */
export function timeSeries(title: string, queries: Query[], options: PanelOptions): Builder<Panel> {
  let panel = new timeseries.PanelBuilder()
    .title(title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .gridPos({ x: 0, y: 0, w: options.width ?? 12, h: options.height ?? 8 })
    .fillOpacity(10)
    .lineWidth(1)
    .showPoints(VisibilityMode.Never);
  if (options.unit) panel = panel.unit(options.unit);
  for (const t of targets(queries)) panel = panel.withTarget(t);
  return panel;
}

/** A single figure (the last value of each series). */
export function statPanel(title: string, queries: Query[], options: PanelOptions): Builder<Panel> {
  let panel = new stat.PanelBuilder()
    .title(title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .gridPos({ x: 0, y: 0, w: options.width ?? 6, h: options.height ?? 5 });
  if (options.unit) panel = panel.unit(options.unit);
  if (options.thresholds) {
    panel = panel.thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(options.thresholds));
  }
  for (const t of targets(queries)) panel = panel.withTarget(t);
  return panel;
}

/**
 * A state timeline: one row per series, coloured by value. For 0/1 gauges such as lab_breaker_state{state} and
 * lab_ratelimit_mode{mode}, filtered with `== 1` so that each row is the state in force.
 */
export function stateTimeline(title: string, queries: Query[], options: PanelOptions): Builder<Panel> {
  let panel = new statetimeline.PanelBuilder()
    .title(title)
    .description(options.description)
    .datasource(PROMETHEUS)
    .gridPos({ x: 0, y: 0, w: options.width ?? 12, h: options.height ?? 8 })
    .mergeValues(true)
    .showValue(VisibilityMode.Never);
  if (options.unit) panel = panel.unit(options.unit);
  for (const t of targets(queries)) panel = panel.withTarget(t);
  return panel;
}

/**
 * A template variable whose values are one label's values in Prometheus, with "All" (regex `.*`), so that every
 * query can filter with `label=~"$name"`.
 */
export function labelVariable(name: string, label: string, metric: string): QueryVariableBuilder {
  const query = `label_values(${metric}, ${label})`;
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' })
    .sort(VariableSort.AlphabeticalAsc);
}
