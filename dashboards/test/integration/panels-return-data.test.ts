import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { mockConversationIds, type RunningLab, startLab } from '@lab/lab-runner';
import { toolPaths } from '@lab/toolchain';
import { proxyUrl, serviceUrl, type Topology } from '@lab/topology';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_DASHBOARDS } from '../../src/all-dashboards.js';
import { checkValues, type DashboardQuery, queriesOf } from '../../src/generate.js';
import { substitute } from '../../src/promql.js';

// The whole native lab on free ports, a short load that touches every core panel (Data Actions through a CRM
// fault and a Toxiproxy toxic, webhooks into a failing notifier, an analytics export, 429s on WFM, a short
// real k6 run), then every query of every dashboard, variables substituted ("All"), against the real Prometheus.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let lab: RunningLab | undefined;
let t: Topology;
let prometheus: string;

/**
 * Queries that may rightly be empty after this short load: what they show needs an event the load does not cause
 * (Redis down, a full bulkhead). They must still be valid PromQL that Prometheus accepts (HTTP 200).
 */
const MAY_BE_EMPTY: Record<string, string> = {
  'genesys-resilience panel "Bulkhead rejected"': 'needs more concurrent calls than a bulkhead admits',
  'genesys-webhook-pipeline panel "Refused and unavailable"': 'needs a bad signature or Redis down',
  'genesys-rate-limits panel "Waits for rate budget"': 'needs the services to exhaust their own budget',
};

beforeAll(async () => {
  lab = await startLab({
    stateDir: mkdtempSync(join(tmpdir(), 'dashboards-lab-')),
    env: {
      // A platform limit on WFM below what the scheduler (pulling every second) keeps to: the mock answers 429s,
      // the scheduler retries them and serves its last good schedule.
      'mock-genesys': { MOCK_ORG_RATE_LIMITS: JSON.stringify({ workforcemanagement: 2 }) },
      scheduler: { LOG_LEVEL: 'warn', PULL_INTERVAL_SECONDS: '1' },
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({
          crm: {
            timeoutMs: 300,
            retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
            breaker: { threshold: 3, halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 1_000, halfOpenJitter: 0 },
          },
        }),
      },
      // One delivery only: a notifier failure dead-letters at once.
      'webhook-processor': { LOG_LEVEL: 'warn', MAX_DELIVERIES: '1' },
    },
  });
  t = lab.topology;
  prometheus = `http://${t.host}:${t.infra.prometheus.port}`;
}, 180_000);

afterAll(async () => {
  await lab?.stop();
});

async function post(url: string, body: unknown): Promise<number> {
  try {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    await r.arrayBuffer();
    return r.status;
  } catch (error) {
    throw new Error(`POST ${url}: ${(error as Error).message}`);
  }
}

const dataAction = (conversationId: string, i: number) =>
  post(`${serviceUrl('crm-sync', t)}/api/v1/dataactions/customer-enrichment`, { contactId: `c-${i}`, conversationId });

function webhook(eventId: string, conversationId: string) {
  const body = JSON.stringify({ eventId, topic: 'v2.test', conversationId });
  return fetch(`${serviceUrl('webhook-processor', t)}/webhooks/genesys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, 'lab-webhook-secret') },
    body,
  }).then((r) => r.status);
}

/** A short smoke run of the real k6 against this lab, writing to its Prometheus as `npm run load` does. */
function k6Smoke(): Promise<number> {
  const url = (name: string) => serviceUrl(name, t);
  const child = spawn(
    toolPaths().k6,
    ['run', '--no-usage-report', '--quiet', '-o', 'experimental-prometheus-rw', 'load/scenarios/smoke.ts'],
    {
      cwd: repoRoot,
      stdio: 'ignore',
      env: {
        ...process.env,
        LOAD_FORM: 'short',
        K6_PROMETHEUS_RW_SERVER_URL: `${prometheus}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: 'p(50),p(95),p(99),max',
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
        ...Object.fromEntries(
          Object.keys(t.services).map((n) => [`${n.toUpperCase().replace(/-/g, '_')}_URL`, url(n)]),
        ),
        TOXIPROXY_URL: `http://${t.host}:${t.toxiproxy.apiPort}`,
        PROMETHEUS_URL: prometheus,
        JAEGER_URL: `http://${t.host}:${t.infra.jaeger.queryPort}`,
      },
    },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

interface Answer {
  status: number;
  series: number;
  error?: string;
}

async function instant(expr: string): Promise<Answer> {
  const r = await fetch(`${prometheus}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
  });
  const body = (await r.json()) as { data?: { result?: unknown[] }; error?: string };
  return { status: r.status, series: body.data?.result?.length ?? 0, ...(body.error ? { error: body.error } : {}) };
}

const allQueries: { query: DashboardQuery; expr: string }[] = ALL_DASHBOARDS.flatMap((d) => {
  const dashboard = d.build();
  const values = checkValues(dashboard);
  return queriesOf(dashboard).map((query) => ({ query, expr: substitute(query.expr, values) }));
});
const key = (q: DashboardQuery) => `${q.dashboard} ${q.where}`;

describe('every dashboard query against the real Prometheus of a loaded lab', () => {
  it('answers each panel and annotation with data, the few that need a rarer event at least with a valid query', async () => {
    const lab_ = lab!;
    const k6 = k6Smoke();
    const ids = await mockConversationIds(proxyUrl('lab-to-genesys', t), 20);
    // Good answers first: the cache holds them, so the CRM fault below gives stale-if-error and fallbacks.
    for (const [i, id] of ids.slice(0, 6).entries()) expect(await dataAction(id, i)).toBe(200);
    const exportId = `dashboards-${Date.now()}`;
    expect(
      await post(`${serviceUrl('analytics-exporter', t)}/exports`, {
        interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z',
        pageSize: 100,
        exportId,
      }),
    ).toBe(202);
    for (const [i, id] of ids.slice(0, 5).entries()) expect(await webhook(`ok-${exportId}-${i}`, id)).toBe(202);

    // k6's teardown removes every fault and toxic in force (load/lib/lab.ts), so the faults come after it.
    expect(await k6, 'k6 smoke exit code').toBeLessThan(100);

    // Faults: the CRM answers 503 (a mock fault), its path gets 400 ms of latency (a toxic, past the 300 ms
    // timeout), the notifier answers 503. Then the same load again.
    const mockCrm = `${serviceUrl('mock-crm', t)}/__admin/faults`;
    expect(await post(mockCrm, { type: 'error-rate', status: 503, rate: 0.5 })).toBe(201);
    expect(await post(`${serviceUrl('mock-notifier', t)}/__admin/faults`, { type: 'error-rate', status: 503 })).toBe(
      201,
    );
    const toxic = { name: 'dashboards-latency', type: 'latency', stream: 'downstream', attributes: { latency: 400 } };
    expect(await post(`${lab_.toxiproxy!.apiUrl}/proxies/crm-sync-to-crm/toxics`, toxic)).toBe(200);
    const answers = await Promise.all(ids.map((id, i) => dataAction(id, i)));
    expect(
      answers.every((s) => s === 200),
      `Data Action answers ${answers}`,
    ).toBe(true);
    for (const [i, id] of ids.slice(5, 10).entries()) expect(await webhook(`dead-${exportId}-${i}`, id)).toBe(202);

    // Prometheus scrapes every 5 s and rate() needs two samples: wait (bounded) until the data is there.
    const results = new Map<string, Answer[]>();
    await vi.waitFor(
      async () => {
        results.clear();
        for (const { query, expr } of allQueries) {
          const list = results.get(key(query)) ?? [];
          list.push(await instant(expr));
          results.set(key(query), list);
        }
        const empty = [...results].filter(
          ([k, answers]) => !(k in MAY_BE_EMPTY) && answers.every((a) => a.series === 0),
        );
        if (empty.length > 0) throw new Error(`no data yet: ${empty.map(([k]) => k).join('; ')}`);
      },
      { timeout: 45_000, interval: 2_000 },
    );
    for (const { query, expr } of allQueries) {
      const answers = results.get(key(query)) ?? [];
      for (const a of answers) expect(a.status, `${key(query)}: ${expr}: ${a.error}`).toBe(200);
    }
    expect(
      Object.keys(MAY_BE_EMPTY).every((k) => results.has(k)),
      'MAY_BE_EMPTY names a query that exists',
    ).toBe(true);
  }, 120_000);
});
