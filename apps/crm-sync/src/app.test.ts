import { buildApp as buildCrm, loadConfig as loadCrmConfig } from '@lab/mock-crm';
import { loadConfig } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type CrmSyncApp } from './app.js';
import { crmSyncConfigSchema } from './config.js';

// A real mock CRM in-process on a free port; Genesys and Redis deliberately unreachable (port 1): the action must
// still answer, with the local rate limiter and no conversation lookup.
let crm: FastifyInstance;
let crmUrl = '';
let sync: CrmSyncApp;
const ACTION = '/api/v1/dataactions/customer-enrichment';

beforeAll(async () => {
  crm = (await buildCrm(loadCrmConfig({ CRM_LOG_LEVEL: 'silent' }))).app;
  crmUrl = await crm.listen({ host: '127.0.0.1', port: 0 });
  const config = loadConfig(crmSyncConfigSchema, {
    SERVICE_PORT: '0',
    CRM_URL: crmUrl,
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    // No fresh-cache window: every action calls the CRM, and the cache only serves when the CRM fails.
    RESILIENCE_OVERRIDES: JSON.stringify({
      crm: { timeoutMs: 500, retry: { initialDelayMs: 1, maxDelayMs: 5 }, cache: { ttlMs: 0 } },
    }),
  });
  sync = await buildApp(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await sync?.app.close();
  await sync?.ctx.close();
  await crm?.close();
});

const enrich = (body: unknown) => sync.app.inject({ method: 'POST', url: ACTION, payload: body as object });
const crmAdmin = (path: string, body: unknown = {}) =>
  crm.inject({ method: 'POST', url: `/__admin/${path}`, payload: body as object });

describe('customer-enrichment data action', () => {
  it('answers the CRM customer with the breaker closed', async () => {
    const res = await enrich({ contactId: 'c-100' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      isFallback: false,
      metadata: { circuitState: 'closed', source: 'crm', conversationLookup: 'skipped' },
    });
    expect(body.customerName).toEqual(expect.any(String));
    expect(['gold', 'silver', 'bronze']).toContain(body.customerTier);
  });

  it("accepts the fulfillment note's envelope and answers in kind", async () => {
    const res = await enrich({
      inputs: { contactId: 'c-100' },
      metadata: { flowId: 'flow-98765', stepId: 'step-lookup-crm' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'success',
      outputs: {
        customerName: expect.any(String),
        customerTier: expect.stringMatching(/^(gold|silver|bronze)$/),
        isFallback: false,
        lastActionType: expect.any(String),
      },
      metadata: { requestId: expect.any(String), timestamp: expect.any(String), circuitState: 'closed' },
    });
    expect(Number.isNaN(Date.parse(body.metadata.timestamp))).toBe(false);
    // metadata is optional; inputs alone will do
    expect((await enrich({ inputs: { contactId: 'c-101' } })).json()).toMatchObject({ status: 'success' });
  });

  it('names the bad field of an envelope: a missing contactId is a 400 naming inputs.contactId', async () => {
    for (const [payload, field] of [
      [{ inputs: {} }, 'inputs.contactId'],
      [{ inputs: 'c-1' }, 'inputs'],
      [{ inputs: { contactId: 'c-1' }, metadata: { flowId: 'f' } }, 'metadata.stepId'],
    ] as const) {
      const res = await enrich(payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await enrich({ inputs: { contactId: 'missing-7' } })).statusCode).toBe(404);
  });

  it('answers an internal error of an envelope request with the status "error" shape and 500', async () => {
    const spy = vi.spyOn(sync.ctx.caller('crm'), 'call').mockRejectedValueOnce(new Error('boom'));
    try {
      const res = await enrich({ inputs: { contactId: 'c-102' }, metadata: { flowId: 'f', stepId: 's' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        id: expect.any(String),
        status: 'error',
        outputs: {},
        metadata: { error: 'Fulfillment service internal error', circuitState: 'closed' },
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('names the bad field and never calls on bad input', async () => {
    for (const [payload, field] of [
      [{}, 'contactId'],
      [{ contactId: 'has spaces' }, 'contactId'],
      [{ contactId: 'c-1', conversationId: 'nope' }, 'conversationId'],
    ] as const) {
      const res = await enrich(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const malformed = await sync.app.inject({
      method: 'POST',
      url: ACTION,
      headers: { 'content-type': 'application/json' },
      payload: '{"contactId":',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('answers 404 for a contact the CRM does not know, without counting it as a failure', async () => {
    const res = await enrich({ contactId: 'missing-7' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'contact_not_found' });
    expect(sync.ctx.caller('crm').state().breaker).toBe('closed');
  });

  it('never fails the action when the conversation lookup cannot reach Genesys', async () => {
    const res = await enrich({ contactId: 'c-100', conversationId: '5e1b6f7a-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(200);
    expect(res.json().metadata.conversationLookup).toBe('failed');
  });

  it('serves the last good value, then the fallback with the breaker open, when the CRM fails', async () => {
    expect((await crmAdmin('faults', { type: 'error-rate', rate: 1, status: 503 })).statusCode).toBeLessThan(300);
    const stale = (await enrich({ contactId: 'c-100' })).json();
    expect(stale).toMatchObject({ isFallback: true, metadata: { source: 'stale' } });
    expect(stale.customerName).not.toBe('Valued Customer');

    for (let i = 0; i < 6; i++) await enrich({ contactId: `c-${200 + i}` });
    const open = await enrich({ contactId: 'c-300' });
    expect(open.json()).toMatchObject({
      customerName: 'Valued Customer',
      isFallback: true,
      metadata: { circuitState: 'open', source: 'fallback' },
    });
    const health = await sync.app.inject('/healthz');
    expect(health.json().dependencies.crm.breaker).toBe('open');
    await crmAdmin('reset');
  });

  it('exposes the calls in /metrics', async () => {
    const metrics = (await sync.app.inject('/metrics')).body;
    expect(metrics).toMatch(/lab_dependency_calls_total\{[^}]*dependency="crm"[^}]*outcome="fallback"[^}]*\} [1-9]/);
  });
});
