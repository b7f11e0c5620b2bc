import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockAdmin, scrapeMetrics, webhookSignatureHeaders } from '@lab/lab-client';
import { mockConversationIds, type RunningLab, startLab } from '@lab/lab-runner';
import {
  EXCEPTION_EVENT_ATTRIBUTES,
  isDefaultMetric,
  JAEGER_DERIVED_TAGS,
  METRIC_EMITTERS,
  type MetricEmitter,
  metricsOf,
  SEMCONV_ATTRIBUTES,
  SERVICES,
  SPAN_ATTRIBUTES,
  SPAN_EVENTS,
} from '@lab/signals';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The four services and the mocks on free ports with Jaeger, driven once through each service with a fault on
// the way (the CRM failing, a Genesys 429, a forged webhook), so that the error paths emit too. Then every app's
// /metrics and every span Jaeger holds are compared with the telemetry registry (@lab/signals).
let lab: RunningLab | undefined;
let conversationId = '';

function url(name: string): string {
  if (!lab) throw new Error('no lab');
  return lab.url(name);
}

async function post(target: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const text = JSON.stringify(body);
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}

async function signedWebhook(body: unknown, secret = 'lab-webhook-secret'): Promise<number> {
  const text = JSON.stringify(body);
  const response = await fetch(`${url('webhook-processor')}/webhooks/genesys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(text, secret) },
    body: text,
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}

interface JaegerSpan {
  operationName: string;
  tags: { key: string }[];
  logs: { fields: { key: string; value: unknown }[] }[];
}
interface JaegerTrace {
  spans: JaegerSpan[];
}

async function traces(service: string, tags?: Record<string, string>): Promise<JaegerTrace[]> {
  if (!lab) throw new Error('no lab');
  const t = lab.topology;
  const query = new URLSearchParams({
    service,
    lookback: '1h',
    limit: '200',
    ...(tags && { tags: JSON.stringify(tags) }),
  });
  const response = await fetch(`http://${t.host}:${t.infra.jaeger.queryPort}/api/traces?${query}`);
  if (!response.ok) throw new Error(`jaeger answered ${response.status}`);
  return ((await response.json()) as { data: JaegerTrace[] | null }).data ?? [];
}

beforeAll(async () => {
  lab = await startLab({
    services: [...SERVICES],
    jaeger: true,
    stateDir: mkdtempSync(join(tmpdir(), 'signals-emitted-')),
    env: {
      'crm-sync': {
        LOG_LEVEL: 'warn',
        // Open the CRM breaker after two failures, so the breaker and fallback signals show within seconds.
        RESILIENCE_OVERRIDES: JSON.stringify({
          crm: {
            retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
            breaker: { threshold: 2 },
            cache: { ttlMs: 0 },
          },
        }),
      },
      'webhook-processor': { LOG_LEVEL: 'warn' },
      'analytics-exporter': { LOG_LEVEL: 'warn' },
      scheduler: { LOG_LEVEL: 'warn' },
    },
  });
  conversationId = (await mockConversationIds(url('mock-genesys'), 1))[0] ?? '';
  expect(conversationId).not.toBe('');
  const action = `${url('crm-sync')}/api/v1/dataactions/customer-enrichment`;

  // Healthy first: a Data Action with its conversation lookup, a webhook, an export, a pull.
  expect(await post(action, { contactId: 'c-1', conversationId })).toBe(200);
  expect(await signedWebhook({ eventId: 'signals-1', topic: 'v2.detail.events.conversation', conversationId })).toBe(
    202,
  );
  expect(
    await post(`${url('analytics-exporter')}/exports`, {
      interval: '2026-11-01T00:00:00Z/2026-11-01T06:00:00Z',
      pageSize: 25,
    }),
  ).toBe(202);
  // 409: the pull the scheduler starts on its own is still running; either way a pull runs.
  expect([202, 409]).toContain(await post(`${url('scheduler')}/pulls`, {}));

  // Then faults: the CRM answers 503 (retries, fallback, the breaker opening), Genesys answers one 429 (a retry
  // honouring Retry-After), a forged and a malformed webhook (rejected).
  await mockAdmin(url('mock-crm')).addFault({ type: 'error-rate', status: 503 });
  await mockAdmin(url('mock-genesys')).addFault({
    type: 'error-rate',
    status: 429,
    retryAfterSeconds: 1,
    count: 1,
    target: { family: 'conversations' },
  });
  for (const contactId of ['c-2', 'c-3', 'c-4']) expect(await post(action, { contactId, conversationId })).toBe(200);
  expect(
    await signedWebhook({ eventId: 'signals-2', topic: 'v2.detail.events.conversation', conversationId }, 'forged'),
  ).toBe(401);
  expect(await signedWebhook({ eventId: '' })).toBe(400);
  await mockAdmin(url('mock-crm')).reset();
}, 150_000);

afterAll(async () => {
  await lab?.stop();
});

describe('every metric an app serves is declared in the registry', () => {
  it.each(METRIC_EMITTERS)('%s', async (app: MetricEmitter) => {
    const declared = new Map(metricsOf(app).map((signal) => [signal.name, signal]));
    const samples = await scrapeMetrics(`${url(app)}/metrics`);
    const seen = new Set<string>();
    const undeclared: string[] = [];
    for (const sample of samples) {
      if (isDefaultMetric(sample.name, app)) continue;
      const base = sample.name.replace(/_(bucket|sum|count)$/, '');
      const signal = declared.get(sample.name) ?? (base !== sample.name ? declared.get(base) : undefined);
      if (!signal) {
        undeclared.push(sample.name);
        continue;
      }
      seen.add(signal.name);
      const allowed = new Set([...Object.keys(signal.labels), ...(signal.type === 'histogram' ? ['le'] : [])]);
      for (const label of Object.keys(sample.labels)) expect(allowed, `${sample.name} label ${label}`).toContain(label);
    }
    expect([...new Set(undeclared)]).toEqual([]);
    expect(seen.size, `${app} served none of its declared metrics`).toBeGreaterThan(0);
  });
});

describe('every span attribute and event in Jaeger is declared in the registry', () => {
  const attributeKeys = new Set<string>([
    ...Object.values(SPAN_ATTRIBUTES).map((a) => a.key),
    ...SEMCONV_ATTRIBUTES.map((a) => a.key),
    ...JAEGER_DERIVED_TAGS,
  ]);
  const events = new Map<string, Set<string>>(
    Object.values(SPAN_EVENTS).map((e) => [e.name, new Set(Object.keys(e.attributes))]),
  );
  events.set('exception', new Set(EXCEPTION_EVENT_ATTRIBUTES));

  it('on the fallback trace found by conversation id, and on every trace of every service', async () => {
    // The fallback trace is the last thing the drive produced: once it is in Jaeger, the rest is too.
    await vi.waitFor(
      async () => {
        const found = await traces('crm-sync', {
          'genesys.conversation_id': conversationId,
          'resilience.fallback': 'true',
        });
        expect(found.length).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 500 },
    );
    const keys = new Set<string>();
    const undeclared: string[] = [];
    for (const service of SERVICES) {
      const all = await vi.waitFor(
        async () => {
          const found = await traces(service);
          expect(found.length, `traces of ${service}`).toBeGreaterThan(0);
          return found;
        },
        { timeout: 30_000, interval: 500 },
      );
      for (const span of all.flatMap((trace) => trace.spans)) {
        for (const { key } of span.tags) {
          keys.add(key);
          if (!attributeKeys.has(key)) undeclared.push(`${service} ${span.operationName}: ${key}`);
        }
        for (const log of span.logs) {
          const name = String(log.fields.find((field) => field.key === 'event')?.value);
          const allowed = events.get(name);
          if (!allowed) {
            undeclared.push(`${service} ${span.operationName}: event ${name}`);
            continue;
          }
          for (const { key } of log.fields) {
            if (key !== 'event' && !allowed.has(key)) undeclared.push(`${service} event ${name}: ${key}`);
          }
        }
      }
    }
    expect([...new Set(undeclared)]).toEqual([]);
    // The drive reached the signals that matter: the Genesys span's and the resilience ones.
    for (const key of ['genesys.conversation_id', 'genesys.ratelimit.remaining', 'resilience.fallback', 'url.full']) {
      expect(keys).toContain(key);
    }
  });
});
