import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topology as baseTopology, proxyUrl, serviceUrl, withPortOffset } from '@lab/topology';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';
import { waitFor } from '../../src/wait.js';

// The whole native lab (every process of the topology) on ports moved by a random offset, with crm-sync's CRM
// policies tightened so that a breaker opens and closes within seconds.
const offset = 22_000 + Math.floor(Math.random() * 100) * 100;
const t = withPortOffset(baseTopology, offset);
const crmSync = serviceUrl('crm-sync', t);
const jaeger = `http://${t.host}:${t.infra.jaeger.queryPort}`;
const prometheus = `http://${t.host}:${t.infra.prometheus.port}`;
const toxiproxy = new Toxiproxy(`http://${t.host}:${t.toxiproxy.apiPort}`);
const ACTION = `${crmSync}/api/v1/dataactions/customer-enrichment`;
let lab: RunningLab | undefined;

beforeAll(async () => {
  lab = await startLab(t, mkdtempSync(join(tmpdir(), 'resilience-lab-')), {
    env: {
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({
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

interface ActionAnswer {
  customerName: string;
  isFallback: boolean;
  metadata: { circuitState: string; source: string; conversationLookup: string };
}

async function enrich(body: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(ACTION, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
  const genesys = proxyUrl('lab-to-genesys', t);
  const login = await fetch(`${genesys}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const query = await fetch(`${genesys}/api/v2/analytics/conversations/details/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ interval: '2026-11-01T00:00:00Z/2026-11-08T00:00:00Z', paging: { pageSize: 1 } }),
  });
  return ((await query.json()) as { conversations: { conversationId: string }[] }).conversations[0]!.conversationId;
}

describe('the native lab, end to end', () => {
  it('traces a Data Action in Jaeger, found by genesys.conversation_id, through Toxiproxy to the mock', async () => {
    const conversationId = await someConversationId();
    const action = await enrich({ contactId: 'c-42', conversationId });
    expect(action.status).toBe(200);
    expect(action.body.metadata.conversationLookup).toBe('ok');

    const tags = encodeURIComponent(JSON.stringify({ 'genesys.conversation_id': conversationId }));
    type Span = { operationName: string; tags: { key: string; value: unknown }[] };
    const trace = await waitFor(
      'the Data Action trace in Jaeger',
      async () => {
        const r = await fetch(`${jaeger}/api/traces?service=crm-sync&tags=${tags}&lookback=1h&limit=5`);
        const body = (await r.json()) as { data: { spans: Span[] }[] | null };
        return body.data?.[0];
      },
      { timeoutMs: 30_000, intervalMs: 500 },
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
    const jobs = await waitFor(
      'every service scraped',
      async () => {
        const r = await fetch(`${prometheus}/api/v1/query?query=${query}`);
        const body = (await r.json()) as { data: { result: { metric: { job: string } }[] } };
        const up = body.data.result.map((x) => x.metric.job);
        return services.every((s) => up.includes(s)) ? up : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    expect(jobs).toEqual(expect.arrayContaining(services));
    const calls = encodeURIComponent('sum(lab_dependency_calls_total{job="crm-sync"})');
    const value = await waitFor(
      'crm-sync call metrics',
      async () => {
        const r = await fetch(`${prometheus}/api/v1/query?query=${calls}`);
        const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
        return body.data.result[0]?.value[1];
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    expect(Number(value)).toBeGreaterThan(0);
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
    let last = await enrich({ contactId: 'c-1' });
    for (let i = 0; i < 10 && last.body.metadata.circuitState !== 'open'; i++)
      last = await enrich({ contactId: `c-${i}` });
    expect(last.body.metadata.circuitState).toBe('open');
    const fast = await enrich({ contactId: 'c-77' });
    expect(fast.body).toMatchObject({ isFallback: true, metadata: { circuitState: 'open', source: 'fallback' } });
    expect(fast.ms).toBeLessThan(250);

    await toxic.remove();
    const closed = await waitFor(
      'the breaker to close',
      async () => {
        const r = await enrich({ contactId: 'c-78' });
        return r.body.metadata.circuitState === 'closed' && !r.body.isFallback ? r : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 300 },
    );
    expect(closed.body.metadata.source).toBe('crm');
  });

  it('keeps serving with the local rate limiter when Redis is stopped', async () => {
    const redis = lab!.processes.find((p) => p.name === 'redis')!;
    await redis.stop();
    const conversationId = await someConversationId();
    const action = await enrich({ contactId: 'c-5', conversationId });
    expect(action.status).toBe(200);
    expect(action.body.metadata.conversationLookup).toBe('ok');
    const health = (await (await fetch(`${crmSync}/healthz`)).json()) as {
      dependencies: Record<string, { rateLimit?: string }>;
    };
    expect(health.dependencies.genesys?.rateLimit).toBe('local');
    const metrics = await (await fetch(`${crmSync}/metrics`)).text();
    expect(metrics).toMatch(/lab_ratelimit_mode\{[^}]*mode="local"[^}]*\} 1/);
  });
});
