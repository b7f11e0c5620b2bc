import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type CrmApp } from '../app.js';
import { loadConfig } from '../config.js';

let crm: CrmApp;
afterEach(() => crm?.app.close());
const slept: number[] = [];
async function build(env: Record<string, string> = {}) {
  slept.length = 0;
  crm = await buildApp(loadConfig({ CRM_LOG_LEVEL: 'silent', ...env }), {
    sleep: async (ms) => slept.push(ms),
  });
  return crm.app;
}
const post = (url: string, payload: unknown) => crm.app.inject({ method: 'POST', url, payload: payload as object });

describe('/__admin fault controls', () => {
  it('injects the configured error status, counts it, and stops after count', async () => {
    const app = await build();
    const set = await post('/__admin/faults', {
      type: 'error-rate',
      rate: 1,
      status: 503,
      count: 2,
      retryAfterSeconds: 3,
    });
    expect(set.statusCode).toBe(201);
    expect(set.json()).toMatchObject({ id: 'error-rate-1', type: 'error-rate', remaining: 2 });
    const first = await app.inject('/api/customers/c1');
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('3');
    expect(first.json()).toMatchObject({ error: 'injected_fault' });
    expect((await app.inject('/api/customers/c1')).statusCode).toBe(503);
    expect((await app.inject('/api/customers/c1')).statusCode).toBe(200);
    expect((await app.inject('/healthz')).statusCode).toBe(200);

    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/mock_crm_faults_injected_total\{kind="error-rate"\} 2/);
    expect(metrics).toMatch(
      /mock_crm_requests_total\{method="GET",route="\/api\/customers\/:contactId",status="503"\} 2/,
    );
    expect(metrics).toMatch(
      /mock_crm_requests_total\{method="GET",route="\/api\/customers\/:contactId",status="200"\} 1/,
    );
  });

  it('delays API answers, shows the faults in /__admin/state, and clears them on reset', async () => {
    const app = await build();
    const { id } = (await post('/__admin/faults', { type: 'slow', delayMs: 250 })).json();
    expect((await app.inject('/api/customers/c1')).statusCode).toBe(200);
    expect(slept).toEqual([250]);
    const state = (await app.inject('/__admin/state')).json();
    expect(state.faults).toMatchObject([{ id, delayMs: 250, applied: 1 }]);
    expect((await app.inject('/__admin/faults')).json()).toEqual({ faults: state.faults });

    expect((await post('/__admin/reset', {})).json()).toEqual({ reset: true, faultSeed: 1 });
    await app.inject('/api/customers/c1');
    expect(slept).toEqual([250]);
    expect((await app.inject('/__admin/state')).json().faults).toEqual([]);
    expect((await app.inject({ method: 'DELETE', url: `/__admin/faults/${id}` })).statusCode).toBe(404);
  });

  it('answers 400 naming the field for a bad fault, and for a bad kind', async () => {
    const app = await build();
    const bad = await post('/__admin/faults', { type: 'error-rate', rate: 2 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request', field: 'rate' });
    const malformed = await app.inject({
      method: 'POST',
      url: '/__admin/faults',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ field: 'body' });
    const kind = await post('/__admin/faults', { type: 'maintenance', seconds: 5 });
    expect(kind.statusCode).toBe(400);
    expect(kind.json()).toMatchObject({ error: 'bad_request', field: 'type' });
  });

  it('logs each API request with its request id and idempotency key, and forgets them on reset', async () => {
    const app = await build();
    const before = Date.now();
    await app.inject({ url: '/api/customers/c1', headers: { 'x-request-id': 'r-1', 'idempotency-key': 'k-1' } });
    await app.inject('/api/customers/missing-2');
    await app.inject('/healthz');
    const { requests } = (await app.inject(`/__admin/requests?since=${before}`)).json();
    expect(requests).toEqual([
      {
        at: expect.any(Number),
        method: 'GET',
        route: '/api/customers/:contactId',
        path: '/api/customers/c1',
        status: 200,
        headers: { 'x-request-id': 'r-1', 'idempotency-key': 'k-1' },
      },
      {
        at: expect.any(Number),
        method: 'GET',
        route: '/api/customers/:contactId',
        path: '/api/customers/missing-2',
        status: 404,
      },
    ]);
    expect((await app.inject(`/__admin/requests?since=${Date.now() + 60_000}`)).json()).toEqual({ requests: [] });
    expect((await app.inject('/__admin/requests?since=soon')).json()).toMatchObject({ field: 'since' });
    await post('/__admin/reset', {});
    expect((await app.inject('/__admin/requests')).json()).toEqual({ requests: [] });
  });

  it('answers loopback only without a token, and only with the token when one is set', async () => {
    let app = await build();
    expect((await app.inject({ url: '/__admin/state', remoteAddress: '203.0.113.8' })).statusCode).toBe(403);
    expect((await app.inject({ url: '/__admin/state' })).statusCode).toBe(200);
    await app.close();
    app = await build({ CRM_ADMIN_TOKEN: 'let-me-in-please' });
    expect((await app.inject('/__admin/state')).statusCode).toBe(403);
    const ok = await app.inject({ url: '/__admin/state', headers: { 'x-mock-admin-token': 'let-me-in-please' } });
    expect(ok.statusCode).toBe(200);
  });
});
