import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NotifierApp } from '../app.js';
import { loadConfig } from '../config.js';

let notifier: NotifierApp;
afterEach(() => notifier?.app.close());
const slept: number[] = [];
async function build(env: Record<string, string> = {}) {
  slept.length = 0;
  notifier = await buildApp(loadConfig({ NOTIFIER_LOG_LEVEL: 'silent', ...env }), {
    sleep: async (ms) => slept.push(ms),
  });
  return notifier.app;
}
const post = (url: string, payload: unknown) =>
  notifier.app.inject({ method: 'POST', url, payload: payload as object });
const notify = (eventId: string) => post('/api/notifications', { eventId, topic: 't', payload: {} });
const deliveries = async () => (await notifier.app.inject('/__admin/deliveries')).json();

describe('/__admin fault controls', () => {
  it('answers the injected status before recording anything', async () => {
    const app = await build();
    expect((await post('/__admin/faults', { type: 'error-rate', rate: 1, status: 500, count: 1 })).statusCode).toBe(
      201,
    );
    const failed = await notify('e-1');
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toMatchObject({ error: 'injected_fault' });
    expect(await deliveries()).toMatchObject({ total: 0 });
    expect((await notify('e-1')).statusCode).toBe(202);
    expect((await app.inject('/metrics')).body).toMatch(/mock_notifier_faults_injected_total\{kind="error-rate"\} 1/);
  });

  it('records, then answers the error, with afterRecording: a blind retry delivers twice', async () => {
    await build();
    await post('/__admin/faults', { type: 'error-rate', rate: 1, status: 503, count: 1, afterRecording: true });
    expect((await notify('e-1')).statusCode).toBe(503);
    expect((await notify('e-1')).statusCode).toBe(202);
    expect(await deliveries()).toEqual({ total: 2, unique: 1, duplicates: 1, effects: 2, duplicateEffects: 1 });
  });

  it('delays API answers, and reset clears faults and deliveries', async () => {
    const app = await build();
    await post('/__admin/faults', { type: 'slow', delayMs: 400, jitterMs: 0 });
    await notify('e-1');
    expect(slept).toEqual([400]);
    expect((await app.inject('/__admin/state')).json()).toMatchObject({
      faults: [{ type: 'slow', delayMs: 400, applied: 1 }],
      deliveries: { total: 1 },
    });
    expect((await post('/__admin/reset', { seed: 9 })).json()).toEqual({ reset: true, faultSeed: 9 });
    await notify('e-2');
    expect(slept).toEqual([400]);
    expect(await deliveries()).toEqual({ total: 1, unique: 1, duplicates: 0, effects: 1, duplicateEffects: 0 });
    expect((await app.inject({ method: 'DELETE', url: '/__admin/deliveries' })).statusCode).toBe(204);
    expect(await deliveries()).toMatchObject({ total: 0 });
  });

  it('answers 400 naming the field for bad admin input', async () => {
    const app = await build();
    expect((await post('/__admin/faults', { type: 'slow', delayMs: 0 })).json()).toMatchObject({ field: 'delayMs' });
    expect((await post('/__admin/faults', { type: 'error-rate', rate: 0.5, status: 200 })).json()).toMatchObject({
      field: 'status',
    });
    expect((await app.inject('/__admin/deliveries?byEventId=yes')).json()).toMatchObject({ field: 'byEventId' });
  });

  it('logs each API request with its idempotency key, and forgets them on reset', async () => {
    const app = await build();
    await notifier.app.inject({
      method: 'POST',
      url: '/api/notifications',
      headers: { 'idempotency-key': 'e-1' },
      payload: { eventId: 'e-1', topic: 't', payload: {} },
    });
    await notify('');
    expect((await app.inject('/__admin/requests?route=/api/notifications')).json().requests).toEqual([
      {
        at: expect.any(Number),
        method: 'POST',
        route: '/api/notifications',
        path: '/api/notifications',
        status: 202,
        headers: { 'idempotency-key': 'e-1' },
      },
      { at: expect.any(Number), method: 'POST', route: '/api/notifications', path: '/api/notifications', status: 400 },
    ]);
    await post('/__admin/reset', {});
    expect((await app.inject('/__admin/requests')).json()).toEqual({ requests: [] });
  });

  it('answers loopback only without a token, and only with the token when one is set', async () => {
    let app = await build();
    expect((await app.inject({ url: '/__admin/deliveries', remoteAddress: '203.0.113.4' })).statusCode).toBe(403);
    await app.close();
    app = await build({ NOTIFIER_ADMIN_TOKEN: 'notifier-admin' });
    expect((await app.inject('/__admin/deliveries')).statusCode).toBe(403);
    const ok = await app.inject({ url: '/__admin/deliveries', headers: { 'x-mock-admin-token': 'notifier-admin' } });
    expect(ok.statusCode).toBe(200);
  });
});
