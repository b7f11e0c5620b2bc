import { readdirSync, readFileSync } from 'node:fs';
import { topology } from '@lab/topology';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JSON_DIR } from './generate.js';
import { GRAFANA_BUILTINS, variablesIn } from './promql.js';
import { DASHBOARD_PROVIDERS_FILE, DASHBOARDS_ROOT, DATASOURCES_FILE, provisionedDatasources } from './provisioning.js';

const datasources = provisionedDatasources();
const provisioned = datasources.map((d) => d.uid);
const dashboards = readdirSync(DASHBOARDS_ROOT + JSON_DIR).map((file) => ({
  file,
  json: JSON.parse(readFileSync(`${DASHBOARDS_ROOT}${JSON_DIR}/${file}`, 'utf8')) as Record<string, unknown>,
}));

/** Every object anywhere in `value` with a `datasource: {uid}`, as [path, uid]. */
function datasourceRefs(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => datasourceRefs(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const refs: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === 'datasource' && v && typeof v === 'object' && 'uid' in v) refs.push([at, String(v.uid)]);
    else refs.push(...datasourceRefs(v, at));
  }
  return refs;
}

/** Every query text of a dashboard JSON (targets' expr, annotations' expr, variables' query) as [where, text]. */
function queryTexts(json: Record<string, unknown>): [string, string][] {
  const texts: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${path}[${i}]`);
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if ((key === 'expr' || key === 'query' || key === 'definition') && typeof v === 'string') texts.push([path, v]);
        else walk(v, `${path}.${key}`);
      }
    }
  };
  walk(json, '');
  return texts;
}

describe(DATASOURCES_FILE, () => {
  it('provisions Prometheus (uid prometheus) and Jaeger (uid jaeger) at the topology ports, by compose host name', () => {
    const byUid = Object.fromEntries(datasources.map((d) => [d.uid, d]));
    expect(byUid.prometheus?.type).toBe('prometheus');
    expect(byUid.prometheus?.url).toBe(`http://prometheus:${topology.infra.prometheus.port}`);
    expect(byUid.jaeger?.type).toBe('jaeger');
    expect(byUid.jaeger?.url).toBe(`http://jaeger:${topology.infra.jaeger.queryPort}`);
  });

  it('links Prometheus exemplars (trace_id) to Jaeger and Jaeger spans to Prometheus metrics', () => {
    const byUid = Object.fromEntries(datasources.map((d) => [d.uid, d]));
    expect(byUid.prometheus?.jsonData?.exemplarTraceIdDestinations).toEqual([
      { name: 'trace_id', datasourceUid: 'jaeger' },
    ]);
    expect(byUid.jaeger?.jsonData?.tracesToMetrics?.datasourceUid).toBe('prometheus');
    expect(byUid.prometheus?.jsonData?.timeInterval).toBe(`${topology.infra.prometheus.scrapeIntervalSeconds}s`);
  });

  it('fails, naming the datasource, when one points at a uid that is not provisioned', () => {
    const text = readFileSync(DASHBOARDS_ROOT + DATASOURCES_FILE, 'utf8').replace(
      'datasourceUid: jaeger',
      'datasourceUid: tempo',
    );
    expect(() => provisionedDatasources(text)).toThrow(
      `${DATASOURCES_FILE}: datasource prometheus exemplarTraceIdDestinations points at uid "tempo", not provisioned`,
    );
    expect(() => provisionedDatasources(text.replace('uid: jaeger', 'uid: prometheus'))).toThrow('defined twice');
    expect(() => provisionedDatasources('apiVersion: 1\ndatasources: [{name: x, type: y}]')).toThrow(
      `${DATASOURCES_FILE}: datasources.0.uid`,
    );
  });
});

describe(DASHBOARD_PROVIDERS_FILE, () => {
  it('loads the folder docker-compose.yml mounts dashboards/json at, read-only', () => {
    const providers = parse(readFileSync(DASHBOARDS_ROOT + DASHBOARD_PROVIDERS_FILE, 'utf8')).providers;
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', allowUiUpdates: false });
    const compose = readFileSync(`${DASHBOARDS_ROOT}../docker-compose.yml`, 'utf8');
    expect(compose).toContain(`./dashboards/json:${providers[0].options.path}:ro`);
    expect(compose).toContain('./dashboards/provisioning:/etc/grafana/provisioning:ro');
  });
});

describe.each(dashboards)('json/$file', ({ json }) => {
  it('names only provisioned datasource uids', () => {
    const refs = datasourceRefs(json);
    expect(refs.length).toBeGreaterThan(0);
    for (const [path, uid] of refs) expect(provisioned, `${path} names datasource uid "${uid}"`).toContain(uid);
  });

  it('names only the template variables it defines', () => {
    const templating = json.templating as { list?: { name: string }[] } | undefined;
    const defined = new Set([...(templating?.list ?? []).map((v) => v.name), ...GRAFANA_BUILTINS]);
    for (const [where, text] of queryTexts(json)) {
      for (const variable of variablesIn(text))
        expect(defined, `${where}: $${variable} in ${text}`).toContain(variable);
    }
  });
});
