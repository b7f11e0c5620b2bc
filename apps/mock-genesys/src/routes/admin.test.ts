import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());
const addFault = (payload: object) => h.app.inject({ method: 'POST', url: '/__admin/faults', payload });

describe('/__admin faults on mock-genesys', () => {
  it('answers an error-rate fault with the Genesys error body, on its target only, and 429 as the platform does', async () => {
    h = await harness();
    const added = await addFault({ type: 'error-rate', target: { family: 'routing' }, status: 502, count: 1 });
    expect(added.statusCode).toBe(201);
    const failed = await h.call('GET', '/api/v2/routing/queues');
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({
      status: 502,
      code: 'bad.gateway',
      contextId: failed.headers['inin-correlation-id'],
    });
    expect((await h.call('GET', '/api/v2/routing/queues')).statusCode).toBe(200);

    await addFault({ type: 'error-rate', target: { route: '/api/v2/users' }, status: 429, retryAfterSeconds: 3 });
    expect((await h.call('GET', '/api/v2/routing/queues')).statusCode).toBe(200);
    const limited = await h.call('GET', '/api/v2/users');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.json()).toMatchObject({ code: 'too.many.requests.retry.after' });
    expect((await h.app.inject('/metrics')).body).toMatch(
      /mock_genesys_faults_injected_total\{kind="error-rate",route="\/api\/v2\/users"\} 1/,
    );
  });

  it('answers bad fault bodies 400 in the Genesys body naming the field, and unknown ids 404', async () => {
    h = await harness();
    const unknown = await addFault({ type: 'flaky' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ status: 400, details: [{ fieldName: 'type' }] });
    const family = await addFault({ type: 'slow', delayMs: 5, target: { family: 'billing' } });
    expect(family.json()).toMatchObject({ status: 400, details: [{ fieldName: 'target.family' }] });
    const gone = await h.app.inject({ method: 'DELETE', url: '/__admin/faults/slow-99' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ status: 404, details: [{ fieldName: 'id' }] });
  });

  it('lists faults, removes one by id, and reset clears them and the request log', async () => {
    h = await harness();
    const { id } = (await addFault({ type: 'slow', delayMs: 1 })).json();
    await addFault({ type: 'error-rate', rate: 0 });
    expect((await h.app.inject('/__admin/state')).json().faults).toHaveLength(2);
    expect((await h.app.inject({ method: 'DELETE', url: `/__admin/faults/${id}` })).statusCode).toBe(204);
    expect((await h.app.inject('/__admin/faults')).json().faults.map((f: { type: string }) => f.type)).toEqual([
      'error-rate',
    ]);
    await h.call('GET', '/api/v2/users');
    const reset = await h.app.inject({ method: 'POST', url: '/__admin/reset', payload: { seed: 3 } });
    expect(reset.json()).toEqual({ reset: true, faultSeed: 3 });
    expect((await h.app.inject('/__admin/faults')).json()).toEqual({ faults: [] });
    expect((await h.app.inject('/__admin/requests')).json()).toEqual({ requests: [] });
  });

  it('answers loopback callers only, in the Genesys body', async () => {
    h = await harness();
    const denied = await h.app.inject({ url: '/__admin/faults', remoteAddress: '203.0.113.9' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ status: 403, message: 'The admin API answers loopback only' });
  });
});
