import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { topology as baseTopology, proxyUrl, serviceUrl } from '@lab/topology';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withFreePorts } from '../../src/free-topology.js';
import { type RunningLab, startLab } from '../../src/lab.js';
import { labFetch } from '../../src/lab-fetch.js';
import { mockConversationIds as conversationIdsOf } from '../../src/mock-genesys.js';
import { inMesh } from '../../src/mtls-profile.js';

// The whole native lab (every process of the topology) on free ports, with crm-sync's CRM policies tightened so
// that a breaker opens and closes within seconds. LAB_MTLS=1 runs the same tests in the mTLS profile
// (docs/mtls.md): https inside the mesh, every call with the runner's certificate, the Data Action with its
// integration's credential.
const mtls = process.env.LAB_MTLS === '1';
const t = await withFreePorts(baseTopology);
const url = (name: string) =>
  mtls && inMesh(name, t) ? serviceUrl(name, t).replace(/^http:/, 'https:') : serviceUrl(name, t);
const crmSync = url('crm-sync');
const bearer = t.ingress.routes.find((r) => r.service === 'crm-sync')?.bearer;
const credential: Record<string, string> = mtls && bearer ? { authorization: `Bearer ${bearer.token}` } : {};
/** fetch, with the runner's certificate in the mTLS profile (plain URLs are plain either way). */
const call = (target: string, init?: RequestInit) => labFetch(target, lab?.clientTls, init);
const jaeger = `http://${t.host}:${t.infra.jaeger.queryPort}`;
const prometheus = `http://${t.host}:${t.infra.prometheus.port}`;
const toxiproxy = new Toxiproxy(`http://${t.host}:${t.toxiproxy.apiPort}`);
const ACTION = `${crmSync}/api/v1/dataactions/customer-enrichment`;
const mockAdmin = `${serviceUrl('mock-genesys', t)}/__admin`;
const CONVERSATION_ROUTE = '/api/v2/conversations/:conversationId';
let lab: RunningLab | undefined;

beforeAll(async () => {
  // The conversations family gets a small org budget on both sides: the mock allows 40 a minute to the org, the
  // services keep to 36 between them (through Redis), so "busy" is reached within seconds.
  const genesys = { rateLimit: { platformLimit: 40, budgetPerWindow: 36 } };
  lab = await startLab({
    topology: t,
    ports: 'topology',
    mtls,
    stateDir: mkdtempSync(join(tmpdir(), 'resilience-lab-')),
    env: {
      'mock-genesys': { MOCK_ORG_RATE_LIMITS: JSON.stringify({ conversations: 40 }) },
      'webhook-processor': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { ...genesys, cache: { ttlMs: 0, staleIfErrorMs: 0 } } }),
      },
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({
          genesys,
          crm: {
            timeoutMs: 300,
            retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
            breaker: { threshold: 3, halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 1_000, halfOpenJitter: 0 },
            cache: { ttlMs: 0 },
          },
        }),
      },
    },
  });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

/** For vi.waitFor, which retries on a throw (not on undefined): the value, or an error naming what is awaited. */
function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`still waiting for ${what}`);
  return value;
}

interface ActionAnswer {
  customerName: string;
  isFallback: boolean;
  metadata: { circuitState: string; source: string; conversationLookup: string };
}

async function enrich(body: Record<string, string>) {
  const started = performance.now();
  const response = await call(ACTION, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credential },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    body: (await response.json()) as ActionAnswer,
    ms: performance.now() - started,
  };
}

/** A real conversation id from the mock, asked through the people's proxy. */
async function someConversationId(): Promise<string> {
  return (await mockConversationIds(1))[0]!;
}

/** `count` real conversation ids from the mock's data set, asked through the people's proxy. */
function mockConversationIds(count: number): Promise<string[]> {
  return conversationIdsOf(proxyUrl('lab-to-genesys', t), count);
}

/** Posts a webhook signed as webhook-processor expects (HMAC-SHA256 of "<timestamp>.<body>"). */
async function sendWebhook(event: { eventId: string; topic: string; conversationId: string }) {
  const body = JSON.stringify(event);
  const r = await call(`${url('webhook-processor')}/webhooks/genesys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, 'lab-webhook-secret') },
    body,
  });
  return r.status;
}

interface LoggedRequest {
  at: number;
  status: number;
  retryAfter?: number;
}
async function mockRequests(route: string, since: number): Promise<LoggedRequest[]> {
  const r = await call(`${mockAdmin}/requests?route=${encodeURIComponent(route)}&since=${since}`);
  return ((await r.json()) as { requests: LoggedRequest[] }).requests;
}

describe('the native lab, end to end', () => {
  it('traces a Data Action in Jaeger, found by genesys.conversation_id, through Toxiproxy to the mock', async () => {
    const conversationId = await someConversationId();
    const action = await enrich({ contactId: 'c-42', conversationId });
    expect(action.status).toBe(200);
    expect(action.body.metadata.conversationLookup).toBe('ok');

    const tags = encodeURIComponent(JSON.stringify({ 'genesys.conversation_id': conversationId }));
    type Span = { operationName: string; tags: { key: string; value: unknown }[] };
    const trace = await vi.waitFor(
      async () => {
        const r = await call(`${jaeger}/api/traces?service=crm-sync&tags=${tags}&lookback=1h&limit=5`);
        const body = (await r.json()) as { data: { spans: Span[] }[] | null };
        return found(body.data?.[0], 'the Data Action trace in Jaeger');
      },
      { timeout: 30_000, interval: 500 },
    );
    const tag = (span: Span, key: string) => span.tags.find((x) => x.key === key)?.value;
    const genesysSpan = trace.spans.find((s) => s.operationName === 'genesys.get_conversation');
    expect(genesysSpan).toBeDefined();
    expect(Number(tag(genesysSpan!, 'genesys.ratelimit.remaining'))).toBeGreaterThan(0);
    expect(tag(genesysSpan!, 'genesys.correlation_id')).toEqual(expect.any(String));
    // The HTTP client span went to crm-sync's own Toxiproxy listener, not to the mock directly.
    const proxyPort = t.proxies.find((p) => p.name === 'crm-sync-to-genesys')!.listenPort;
    const toProxy = trace.spans.some((s) => Number(tag(s, 'server.port') ?? tag(s, 'net.peer.port')) === proxyPort);
    expect(toProxy).toBe(true);
    // ...under the Data Action's server span, and beside the CRM call through crm-sync's CRM proxy.
    const server = trace.spans.find((s) => tag(s, 'span.kind') === 'server');
    expect(tag(server!, 'url.path')).toBe('/api/v1/dataactions/customer-enrichment');
    const crmPort = t.proxies.find((p) => p.name === 'crm-sync-to-crm')!.listenPort;
    expect(trace.spans.some((s) => Number(tag(s, 'server.port')) === crmPort)).toBe(true);
  });

  it("has every service's metrics in Prometheus", async () => {
    const services = Object.entries(t.services)
      .filter(([, s]) => s.kind === 'service')
      .map(([name]) => name);
    const query = encodeURIComponent('count by (job) (up == 1)');
    const jobs = await vi.waitFor(
      async () => {
        const r = await call(`${prometheus}/api/v1/query?query=${query}`);
        const body = (await r.json()) as { data: { result: { metric: { job: string } }[] } };
        const up = body.data.result.map((x) => x.metric.job);
        return found(services.every((s) => up.includes(s)) ? up : undefined, 'every service scraped');
      },
      { timeout: 30_000, interval: 1_000 },
    );
    expect(jobs).toEqual(expect.arrayContaining(services));
    const calls = encodeURIComponent('sum(lab_dependency_calls_total{job="crm-sync"})');
    const value = await vi.waitFor(
      async () => {
        const r = await call(`${prometheus}/api/v1/query?query=${calls}`);
        const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
        return found(body.data.result[0]?.value[1], 'crm-sync call metrics');
      },
      { timeout: 30_000, interval: 1_000 },
    );
    expect(Number(value)).toBeGreaterThan(0);

    // Exemplars: the call-duration histogram links to traces (OpenMetrics scrape, exemplar storage on).
    const now = Math.floor(Date.now() / 1_000);
    const exemplarQuery = encodeURIComponent('lab_dependency_call_duration_seconds_bucket{job="crm-sync"}');
    const exemplars = await vi.waitFor(
      async () => {
        const r = await call(
          `${prometheus}/api/v1/query_exemplars?query=${exemplarQuery}&start=${now - 600}&end=${now + 60}`,
        );
        const body = (await r.json()) as { data: { exemplars: { labels: Record<string, string> }[] }[] };
        return found(
          body.data.flatMap((series) => series.exemplars).find((e) => e.labels.trace_id),
          'an exemplar with a trace id',
        );
      },
      { timeout: 30_000, interval: 1_000 },
    );
    expect(exemplars.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("opens crm-sync's CRM breaker under a timeout toxic, answers fallbacks fast, and closes once it is removed", async () => {
    const proxy = await toxiproxy.get('crm-sync-to-crm');
    const toxic = await proxy.addToxic({
      name: 'crm-hangs',
      type: 'timeout',
      stream: 'downstream',
      toxicity: 1,
      attributes: { timeout: 0 },
    });
    // Open, then held `isolated` fleet-wide (the opener too) until one replica's half-open probe succeeds: both
    // refuse calls to the CRM.
    const refusing = ['open', 'isolated'];
    let last = await enrich({ contactId: 'c-1' });
    for (let i = 0; i < 10 && !refusing.includes(last.body.metadata.circuitState); i++)
      last = await enrich({ contactId: `c-${i}` });
    expect(refusing).toContain(last.body.metadata.circuitState);
    const fast = await enrich({ contactId: 'c-77' });
    expect(fast.body).toMatchObject({ isFallback: true, metadata: { source: 'fallback' } });
    expect(refusing).toContain(fast.body.metadata.circuitState);
    expect(fast.ms).toBeLessThan(250);

    await toxic.remove();
    const closed = await vi.waitFor(
      async () => {
        const r = await enrich({ contactId: 'c-78' });
        return found(
          r.body.metadata.circuitState === 'closed' && !r.body.isFallback ? r : undefined,
          'the breaker to close',
        );
      },
      { timeout: 15_000, interval: 300 },
    );
    expect(closed.body.metadata.source).toBe('crm');
  });

  it("waits the Retry-After of a 429 before retrying, as the mock's own request log shows", async () => {
    const since = Date.now();
    const [conversationId] = await mockConversationIds(1);
    const fault = await call(`${mockAdmin}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'error-rate',
        target: { route: CONVERSATION_ROUTE },
        rate: 1,
        status: 429,
        retryAfterSeconds: 2,
        count: 1,
      }),
    });
    expect(fault.status).toBe(201);
    expect(
      await sendWebhook({ eventId: `retry-after-${since}`, topic: 'v2.test', conversationId: conversationId! }),
    ).toBe(202);
    const log = await vi.waitFor(
      async () => {
        const requests = await mockRequests(CONVERSATION_ROUTE, since);
        const limited = requests.findIndex((r) => r.status === 429);
        return found(
          limited >= 0 && requests.length > limited + 1 ? { requests, limited } : undefined,
          'the 429 and the retry after it',
        );
      },
      { timeout: 20_000, interval: 200 },
    );
    const { at, retryAfter } = log.requests[log.limited]!;
    expect(retryAfter).toBe(2);
    // No request reached the platform before the reset the 429 announced (10 ms for the clocks' rounding).
    for (const later of log.requests.slice(log.limited + 1)) expect(later.at).toBeGreaterThanOrEqual(at + 2_000 - 10);
    expect(log.requests[log.limited + 1]!.status).toBe(200);
  });

  it('keeps the org budget of a family with every service busy: the mock never answers an org 429', async () => {
    const since = Date.now();
    const ids = await mockConversationIds(60);
    // crm-sync and webhook-processor share the conversations budget (36 of the mock's 40 a minute); the exporter
    // and the scheduler load their own families meanwhile.
    const exporter = call(`${url('analytics-exporter')}/exports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The last two days: the mock's data window ends at the start of today (it moves with the clock).
      body: JSON.stringify({
        interval: `${new Date(since - 2 * 86_400_000).toISOString()}/${new Date(since).toISOString()}`,
        pageSize: 20,
      }),
    });
    const scheduler = call(`${url('scheduler')}/pulls`, { method: 'POST' });
    const [webhooks, actions] = await Promise.all([
      Promise.all(
        ids
          .slice(0, 30)
          .map((id, i) => sendWebhook({ eventId: `busy-${since}-${i}`, topic: 'v2.test', conversationId: id })),
      ),
      Promise.all(ids.slice(30).map((id, i) => enrich({ contactId: `c-${i}`, conversationId: id }))),
    ]);
    expect(webhooks.every((status) => status === 202)).toBe(true);
    expect(actions.every((a) => a.status === 200)).toBe(true);
    expect((await exporter).status).toBe(202);
    expect([202, 409]).toContain((await scheduler).status);
    // Give the queue time to drain what the budget allows.
    await new Promise((r) => setTimeout(r, 5_000));

    const metrics = await (await call(`${serviceUrl('mock-genesys', t)}/metrics`)).text();
    expect(metrics).not.toMatch(/mock_genesys_rate_limited_total\{scope="org"[^}]*\} [1-9]/);
    const served = (await mockRequests(CONVERSATION_ROUTE, since)).filter((r) => r.status !== 429);
    expect(served.length).toBeGreaterThan(0);
    expect(served.length).toBeLessThanOrEqual(40);
    // The budget bound: 60 lookups were wanted, and the Data Actions whose lookup found no budget in time still
    // answered (the lookup never fails the action).
    expect(actions.some((a) => a.body.metadata.conversationLookup === 'failed')).toBe(true);
  });

  it('keeps serving with the local rate limiter when Redis is stopped', async () => {
    // The busy test above spent the mock's conversations budget for this minute: start its windows afresh.
    expect(
      (
        await call(`${mockAdmin}/ratelimits`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(200);
    const redis = lab!.processes.find((p) => p.name === 'redis')!;
    await redis.stop();
    const conversationId = await someConversationId();
    const action = await enrich({ contactId: 'c-5', conversationId });
    expect(action.status).toBe(200);
    expect(action.body.metadata.conversationLookup).toBe('ok');
    const health = (await (await call(`${crmSync}/healthz`)).json()) as {
      dependencies: Record<string, { rateLimit?: string }>;
    };
    expect(health.dependencies.genesys?.rateLimit).toBe('local');
    const metrics = await (await call(`${crmSync}/metrics`)).text();
    expect(metrics).toMatch(/lab_ratelimit_mode\{[^}]*mode="local"[^}]*\} 1/);
  });
});
