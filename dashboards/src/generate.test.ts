import { readdirSync, readFileSync } from 'node:fs';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { ALL_DASHBOARDS } from './all-dashboards.js';
import { DashboardError, generateDashboards, JSON_DIR, panelsOf, queriesOf } from './generate.js';
import { DASHBOARD_UIDS, type DashboardDefinition } from './lab-dashboard.js';
import { labelVariable, timeSeries } from './panels.js';
import { DASHBOARDS_ROOT, provisionedDatasources } from './provisioning.js';

const uids = provisionedDatasources().map((d) => d.uid);
const STALE = 'stale: run `npx turbo run build --filter=@lab/dashboards && npm run generate -w @lab/dashboards`';

describe('the committed dashboards', () => {
  const files = generateDashboards(ALL_DASHBOARDS, uids);

  it('are exactly what the definitions generate, one file per dashboard', () => {
    const committed = readdirSync(DASHBOARDS_ROOT + JSON_DIR).map((f) => `${JSON_DIR}/${f}`);
    expect(committed.sort(), STALE).toEqual(Object.keys(files).sort());
    for (const [path, text] of Object.entries(files)) {
      expect(readFileSync(DASHBOARDS_ROOT + path, 'utf8'), `${path} is ${STALE}`).toBe(text);
    }
  });

  it('have the fixed uids others link to', () => {
    expect(ALL_DASHBOARDS.map((d) => d.uid).sort()).toEqual([...DASHBOARD_UIDS].sort());
    for (const uid of DASHBOARD_UIDS) {
      expect(JSON.parse(files[`${JSON_DIR}/${uid}.json`] ?? '{}').uid).toBe(uid);
    }
  });

  it('give every panel a description and link latency panels to traces (exemplars)', () => {
    for (const d of ALL_DASHBOARDS) {
      const dashboard = d.build();
      for (const panel of panelsOf(dashboard)) {
        expect((panel as { description?: string }).description, `${d.uid} ${panel.title}`).toBeTruthy();
      }
      for (const q of queriesOf(dashboard).filter((q) =>
        q.expr.includes('lab_dependency_call_duration_seconds_bucket'),
      )) {
        const target = panelsOf(dashboard)
          .flatMap((p) => p.targets ?? [])
          .find((t) => t.expr === q.expr) as { exemplar?: boolean } | undefined;
        if (q.where.includes('p95')) expect(target?.exemplar, `${d.uid} ${q.where}`).toBe(true);
      }
    }
  });
});

/** A dashboard with one panel built from `expr`, to see what the generator says about it. */
function oneQuery(expr: string, title = 'Broken panel'): DashboardDefinition {
  return {
    uid: 'genesys-lab-overview',
    build: () =>
      new DashboardBuilder('t')
        .uid('genesys-lab-overview')
        .withVariable(labelVariable('service', 'service', 'up'))
        .withPanel(timeSeries(title, [{ expr }], { description: 'x' }))
        .build(),
  };
}

describe('a broken definition', () => {
  const failure = (definition: DashboardDefinition) => {
    try {
      generateDashboards([definition], uids);
    } catch (error) {
      expect(error).toBeInstanceOf(DashboardError);
      return (error as Error).message;
    }
    throw new Error('generated without complaint');
  };

  it('with PromQL that does not parse names the dashboard, the panel and where', () => {
    const message = failure(oneQuery('sum(rate(lab_dependency_calls_total[1m])', 'Calls per second'));
    expect(message).toContain('dashboard genesys-lab-overview');
    expect(message).toContain('panel "Calls per second" query A: PromQL does not parse');
  });

  it('with an undefined variable names the panel and the variable', () => {
    const message = failure(oneQuery('sum(up{job=~"$nope", service=~"$service"})', 'Up'));
    expect(message).toContain('panel "Up" query A: variable $nope is not defined');
    expect(message).not.toContain('$service');
  });

  it('with a datasource uid that is not provisioned names the panel and the uid', () => {
    const definition: DashboardDefinition = {
      uid: 'genesys-k6-run',
      build: () => {
        const d = oneQuery('up').build();
        const panel = (d.panels ?? [])[0] as unknown as { targets: { datasource: { uid: string } }[] };
        panel.targets[0]!.datasource = { uid: 'influx' } as never;
        return { ...d, uid: 'genesys-k6-run' };
      },
    };
    expect(failure(definition)).toContain('panel "Broken panel" query A: datasource uid "influx" is not one of');
  });

  it('with an empty query, or a uid other than its own, is refused', () => {
    expect(failure(oneQuery(''))).toContain('panel "Broken panel" query A: no query');
    expect(failure({ uid: 'genesys-resilience', build: oneQuery('up').build })).toContain(
      'builds with uid "genesys-lab-overview"',
    );
  });

  it('whose builder throws is reported with the dashboard named', () => {
    const message = failure({
      uid: 'genesys-rate-limits',
      build: () => {
        throw new Error('boom');
      },
    });
    expect(message).toBe('dashboard genesys-rate-limits: the builder threw: boom');
  });
});
