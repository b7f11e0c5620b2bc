import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

const hourAround = () => {
  const now = Date.now();
  return `${new Date(now - 3_600_000).toISOString()}/${new Date(now + 3_600_000).toISOString()}`;
};

describe('the API usage view (POST /api/v2/usage/query, GET .../results)', () => {
  it('counts the requests the mock answered, by template and status, as the request log has them', async () => {
    h = await harness();
    for (let i = 0; i < 3; i++) expect((await h.call('GET', '/api/v2/routing/queues')).statusCode).toBe(200);
    await h.app.inject({
      method: 'POST',
      url: '/__admin/faults',
      payload: { type: 'error-rate', target: { route: '/api/v2/users' }, status: 429, count: 1 },
    });
    expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(429);

    const started = await h.call('POST', '/api/v2/usage/query', {
      interval: hourAround(),
      groupBy: ['TemplateUri', 'HttpMethod'],
    });
    expect(started.statusCode).toBe(202);
    const { executionId, resultsUri } = started.json() as { executionId: string; resultsUri: string };
    expect(resultsUri).toBe(`/api/v2/usage/query/${executionId}/results`);
    const results = await h.call('GET', resultsUri);
    expect(results.statusCode).toBe(200);
    const body = results.json() as { queryStatus: string; results: Record<string, unknown>[] };
    expect(body.queryStatus).toBe('Complete');
    const row = (uri: string) => body.results.find((r) => r.templateUri === uri);
    expect(row('api/v2/routing/queues')).toMatchObject({ httpMethod: 'GET', requests: 3, status200: 3 });
    expect(row('api/v2/users')).toMatchObject({ requests: 1, status429: 1 });
    const logged = (await h.app.inject('/__admin/requests')).json() as { requests: { route: string }[] };
    const total = body.results.reduce((sum, r) => sum + Number(r.requests), 0);
    // The log also holds the usage query and the results read, both answered after the query counted.
    const platform = logged.requests.filter((r) => r.route.startsWith('/api/v2/'));
    expect(total).toBe(4);
    expect(platform.filter((r) => !r.route.startsWith('/api/v2/usage/')).length).toBe(total);
  });

  it('leaves out requests outside the interval', async () => {
    h = await harness();
    await h.call('GET', '/api/v2/routing/queues');
    const past = await h.call('POST', '/api/v2/usage/query', { interval: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' });
    const results = await h.call('GET', (past.json() as { resultsUri: string }).resultsUri);
    expect(results.json()).toEqual({ results: [], queryStatus: 'Complete' });
  });

  it('answers bad input with a 400 in the platform error shape, naming the field', async () => {
    h = await harness();
    const cases: [unknown, string][] = [
      [{}, 'interval'],
      [{ interval: 'yesterday' }, 'interval'],
      [{ interval: '2026-11-02T00:00:00Z/2026-11-01T00:00:00Z' }, 'interval'],
      [{ interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z', granularity: 'Hourly' }, 'granularity'],
      [{ interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z', metrics: ['Bytes'] }, 'metrics.0'],
      [{ interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z', groupBy: ['Colour'] }, 'groupBy.0'],
    ];
    for (const [payload, field] of cases) {
      const res = await h.call('POST', '/api/v2/usage/query', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'bad.request' });
      expect(res.json().details.map((d: { fieldName: string }) => d.fieldName)).toContain(field);
    }
    const unknown = await h.call('GET', '/api/v2/usage/query/00000000-0000-4000-8000-000000000000/results');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().details[0].fieldName).toBe('executionId');
    expect((await h.call('GET', '/api/v2/usage/query/nope/results')).json().details[0].fieldName).toBe('executionId');
  });

  it('counts a request whose client gave up before the answer (status 499): it took its share of the budget', async () => {
    h = await harness();
    const url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    await h.app.inject({ method: 'POST', url: '/__admin/faults', payload: { type: 'slow', delayMs: 1_500 } });
    const since = Date.now();
    const gaveUp = await fetch(`${url}/api/v2/routing/queues`, {
      headers: { authorization: `Bearer ${h.token}` },
      signal: AbortSignal.timeout(200),
    }).catch((error: Error) => error.name);
    expect(gaveUp).toBe('TimeoutError');
    await vi.waitFor(
      async () => {
        const log = (await h.app.inject({ method: 'GET', url: `/__admin/requests?since=${since}` })).json();
        expect(log.requests).toMatchObject([{ route: '/api/v2/routing/queues', status: 499, client: 'lab-client' }]);
      },
      { timeout: 8_000, interval: 50 },
    );
    const state = (await h.app.inject({ method: 'GET', url: '/__admin/state' })).json();
    const routing = state.rateLimits.orgUsage.find((u: { family: string }) => u.family === 'routing');
    expect(routing.used).toBe(1);
  }, 15_000);
});
