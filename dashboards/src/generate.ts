import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardDefinition } from './lab-dashboard.js';
import { GRAFANA_BUILTINS, promqlSyntaxError, substitute, variablesIn } from './promql.js';

/** Where the generated dashboards live, relative to dashboards/: one file per dashboard, named by its uid. */
export const JSON_DIR = 'json';

/** One PromQL query of a dashboard, with where it sits: what a check reports and what the integration test runs. */
export interface DashboardQuery {
  dashboard: string;
  /** "panel <title>" or "annotation <name>". */
  where: string;
  refId: string;
  expr: string;
  datasourceUid: string | undefined;
}

interface PanelLike {
  title?: string;
  type?: string;
  datasource?: { uid?: string };
  targets?: { refId?: string; expr?: string; datasource?: { uid?: string } }[];
  panels?: PanelLike[];
}

/** Every panel of a dashboard, rows' panels included, rows themselves excluded. */
export function panelsOf(dashboard: Dashboard): PanelLike[] {
  const flat: PanelLike[] = [];
  for (const p of (dashboard.panels ?? []) as PanelLike[]) {
    if (p.type === 'row') flat.push(...(p.panels ?? []));
    else flat.push(p);
  }
  return flat;
}

/** The template variables a dashboard defines. */
export function variablesOf(dashboard: Dashboard): string[] {
  return (dashboard.templating?.list ?? []).map((v) => v.name);
}

/** Every PromQL query of a dashboard: each panel target, each annotation, each variable's query. */
export function queriesOf(dashboard: Dashboard): DashboardQuery[] {
  const uid = dashboard.uid ?? '(no uid)';
  const queries: DashboardQuery[] = [];
  for (const panel of panelsOf(dashboard)) {
    const where = `panel "${panel.title ?? '(untitled)'}"`;
    if (!panel.targets || panel.targets.length === 0) {
      queries.push({ dashboard: uid, where, refId: '-', expr: '', datasourceUid: panel.datasource?.uid });
    }
    for (const t of panel.targets ?? []) {
      queries.push({
        dashboard: uid,
        where,
        refId: t.refId ?? '?',
        expr: t.expr ?? '',
        datasourceUid: t.datasource?.uid ?? panel.datasource?.uid,
      });
    }
  }
  for (const a of dashboard.annotations?.list ?? []) {
    const annotation = a as { name: string; expr?: string; builtIn?: number; datasource?: { uid?: string } };
    if (annotation.builtIn) continue;
    queries.push({
      dashboard: uid,
      where: `annotation "${annotation.name}"`,
      refId: '-',
      expr: annotation.expr ?? '',
      datasourceUid: annotation.datasource?.uid,
    });
  }
  return queries;
}

/** Values that stand for each variable when a query is checked or run outside Grafana: "All" for ours. */
export function checkValues(dashboard: Dashboard): Record<string, string> {
  const values: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '15m' };
  for (const name of variablesOf(dashboard)) values[name] = '.*';
  return values;
}

/** Thrown for a broken definition; names the dashboard and the panel (or annotation) and what is wrong. */
export class DashboardError extends Error {
  override name = 'DashboardError';
}

/**
 * Checks one built dashboard: a uid; each panel has a title and at least one query; every query names a known
 * datasource uid, only variables the dashboard defines (or Grafana's own), and parses as PromQL once they are
 * substituted. Throws a DashboardError naming each broken panel.
 */
export function checkDashboard(dashboard: Dashboard, datasourceUids: readonly string[]): void {
  const problems: string[] = [];
  const uid = dashboard.uid;
  if (!uid) problems.push('the dashboard has no uid');
  const defined = new Set([...variablesOf(dashboard), ...GRAFANA_BUILTINS]);
  const values = checkValues(dashboard);
  for (const panel of panelsOf(dashboard)) if (!panel.title) problems.push('a panel has no title');
  for (const q of queriesOf(dashboard)) {
    const at = `${q.where}${q.refId === '-' ? '' : ` query ${q.refId}`}`;
    if (q.expr.trim() === '') {
      problems.push(`${at}: no query`);
      continue;
    }
    if (!q.datasourceUid || !datasourceUids.includes(q.datasourceUid)) {
      problems.push(`${at}: datasource uid "${q.datasourceUid ?? ''}" is not one of ${datasourceUids.join(', ')}`);
    }
    const unknown = variablesIn(q.expr).filter((v) => !defined.has(v));
    if (unknown.length > 0) problems.push(`${at}: variable ${unknown.map((v) => `$${v}`).join(', ')} is not defined`);
    const syntax = promqlSyntaxError(substitute(q.expr, values));
    if (syntax) problems.push(`${at}: ${syntax}`);
  }
  if (problems.length > 0) {
    throw new DashboardError(`dashboard ${uid ?? '(no uid)'}:\n  ${problems.join('\n  ')}`);
  }
}

/** Builds every definition, checks it and renders it: json/<uid>.json -> its text. Throws on the first broken one. */
export function generateDashboards(
  definitions: readonly DashboardDefinition[],
  datasourceUids: readonly string[],
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const definition of definitions) {
    let dashboard: Dashboard;
    try {
      dashboard = definition.build();
    } catch (error) {
      throw new DashboardError(`dashboard ${definition.uid}: the builder threw: ${(error as Error).message}`);
    }
    if (dashboard.uid !== definition.uid) {
      throw new DashboardError(`dashboard ${definition.uid}: builds with uid "${dashboard.uid ?? ''}"`);
    }
    checkDashboard(dashboard, datasourceUids);
    files[`${JSON_DIR}/${definition.uid}.json`] = `${JSON.stringify(dashboard, null, 2)}\n`;
  }
  return files;
}
