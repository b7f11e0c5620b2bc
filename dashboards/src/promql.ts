import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's own variables, which Grafana fills in itself; any other `$name` in a query must be one of the
 * dashboard's template variables.
 */
export const GRAFANA_BUILTINS = [
  '__rate_interval',
  '__interval',
  '__interval_ms',
  '__range',
  '__range_s',
  '__range_ms',
];

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variables a query names: `$service`, `${service}`, `${service:regex}`. */
export function variablesIn(expr: string): string[] {
  return [...new Set([...expr.matchAll(VARIABLE)].map((m) => m[1] ?? m[2] ?? ''))];
}

/** The query with each variable replaced by its value (Grafana does this before it sends the query). */
export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return values[name] ?? whole;
  });
}

/**
 * Where PromQL's grammar (Prometheus' own, @prometheus-io/lezer-promql) rejects the query, or undefined when it
 * parses. Variables must be substituted first: `$service` is not PromQL.
 */
export function promqlSyntaxError(expr: string): string | undefined {
  if (expr.trim() === '') return 'the query is empty';
  const tree = parser.parse(expr);
  let error: number | undefined;
  tree.iterate({
    enter(node) {
      if (error === undefined && node.type.isError) error = node.from;
    },
  });
  if (error === undefined) return undefined;
  return `PromQL does not parse at character ${error + 1}: ${expr.slice(0, error)} >>> ${expr.slice(error)}`;
}
