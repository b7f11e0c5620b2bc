import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('platform pipeline', () => {
  it('puts inin-correlation-id and inin-ratelimit-* on every API answer, success or error', async () => {
    h = await harness();
    for (const res of [
      await h.call('GET', '/api/v2/routing/queues'),
      await h.call('GET', '/api/v2/conversations/00000000-0000-0000-0000-000000000000'),
      await h.app.inject({ method: 'GET', url: '/api/v2/users' }),
    ]) {
      expect(res.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['inin-ratelimit-allowed']).toBe('300');
      expect(Number(res.headers['inin-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
      if (res.statusCode >= 400) expect(res.json().contextId).toBe(res.headers['inin-correlation-id']);
    }
  });

  it('counts each call of a token in inin-ratelimit-count', async () => {
    h = await harness();
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push((await h.call('GET', '/api/v2/users')).headers['inin-ratelimit-count']);
    expect(counts).toEqual(['1', '2', '3']);
  });

  it('answers 429 past the per-token limit with Retry-After and the exact Genesys body', async () => {
    h = await harness({ MOCK_TOKEN_RATE_LIMIT: '3', MOCK_RATE_WINDOW_SECONDS: '60' });
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(200);
    const res = await h.call('GET', '/api/v2/users');
    expect(res.statusCode).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(res.json()).toEqual({
      message: `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
      code: 'too.many.requests.retry.after',
      status: 429,
      contextId: res.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['inin-ratelimit-count']).toBe('3');
  });

  it('shares the org budget of a family between clients, and keeps families apart', async () => {
    h = await harness({
      MOCK_CLIENTS: JSON.stringify([
        { clientId: 'lab-client', clientSecret: 'lab-secret' },
        { clientId: 'other', clientSecret: 'other-secret' },
      ]),
      MOCK_ORG_RATE_LIMITS: JSON.stringify({ routing: 2 }),
    });
    const login = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${Buffer.from('other:other-secret').toString('base64')}` },
      payload: { grant_type: 'client_credentials' },
    });
    const other = { authorization: `Bearer ${login.json().access_token}` };
    expect((await h.call('GET', '/api/v2/routing/queues')).statusCode).toBe(200);
    expect((await h.call('GET', '/api/v2/routing/queues', undefined, other)).statusCode).toBe(200);
    const third = await h.call('GET', '/api/v2/routing/queues');
    expect(third.statusCode).toBe(429);
    expect(third.headers['inin-ratelimit-count']).toBe('2'); // the caller's own token budget is far from spent
    expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(200);
    const metrics = (await h.app.inject('/metrics')).body;
    expect(metrics).toMatch(/mock_genesys_rate_limited_total\{scope="org",family="routing",client="lab-client"\} 1/);
    expect(metrics).toMatch(/mock_genesys_org_budget_used\{family="routing"\} 3/);
  });

  it('logs each request with its time, status and Retry-After for GET /__admin/requests', async () => {
    h = await harness({ MOCK_TOKEN_RATE_LIMIT: '1' });
    await h.call('GET', '/api/v2/users');
    await h.call('GET', '/api/v2/users');
    const res = await h.app.inject('/__admin/requests?route=/api/v2/users');
    const { requests } = res.json() as {
      requests: { status: number; client: string; retryAfter?: number; at: number }[];
    };
    expect(requests.map((r) => [r.status, r.client])).toEqual([
      [200, 'lab-client'],
      [429, 'lab-client'],
    ]);
    expect(requests[1]?.retryAfter).toBeGreaterThanOrEqual(1);
    expect(requests[0]!.at).toBeLessThanOrEqual(requests[1]!.at);
  });

  it('answers 401 for a missing, unknown or expired token', async () => {
    const clock = { t: Date.parse('2026-11-10T00:00:00Z') };
    h = await harness(
      {
        MOCK_CLIENTS: JSON.stringify([
          { clientId: 'lab-client', clientSecret: 'lab-secret', tokenLifetimeSeconds: 300 },
        ]),
      },
      () => clock.t,
    );
    expect((await h.app.inject('/api/v2/users')).json().message).toMatch(/No authentication bearer token/);
    const unknown = await h.call('GET', '/api/v2/users', undefined, { authorization: 'Bearer nope' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('bad.credentials');
    expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(200);
    clock.t += 300_000;
    const expired = await h.call('GET', '/api/v2/users');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/expired/);
  });

  it('answers 503 with Retry-After through a maintenance window, then serves again', async () => {
    const clock = { t: Date.parse('2026-11-10T00:00:00Z') };
    h = await harness({}, () => clock.t);
    const start = await h.app.inject({
      method: 'POST',
      url: '/__admin/faults',
      payload: { type: 'maintenance', seconds: 30 },
    });
    expect(start.statusCode).toBe(201);
    expect(start.json()).toMatchObject({ type: 'maintenance', socketsClosed: 0, until: '2026-11-10T00:00:30.000Z' });
    expect((await h.call('POST', '/oauth/token')).statusCode).toBe(503);
    const during = await h.call('GET', '/api/v2/routing/queues');
    expect(during.statusCode).toBe(503);
    expect(during.headers['retry-after']).toBe('30');
    expect(during.json()).toMatchObject({ code: 'service.unavailable', status: 503 });
    clock.t += 30_000;
    expect((await h.call('GET', '/api/v2/routing/queues')).statusCode).toBe(200);
    expect((await h.app.inject('/__admin/faults')).json()).toEqual({ faults: [] });
  });
});
