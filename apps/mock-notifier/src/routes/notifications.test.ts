import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NotifierApp } from '../app.js';
import { loadConfig } from '../config.js';

let notifier: NotifierApp;
afterEach(() => notifier?.app.close());
async function build(env: Record<string, string> = {}) {
  notifier = await buildApp(loadConfig({ NOTIFIER_LOG_LEVEL: 'silent', ...env }));
  return notifier.app;
}
const notify = (payload: unknown) =>
  notifier.app.inject({ method: 'POST', url: '/api/notifications', payload: payload as object });
const event = (eventId: string) => ({
  eventId,
  conversationId: 'conv-1',
  topic: 'v2.detail.events.conversation.conv-1.customer.end',
  payload: { reason: 'customer ended' },
});

describe('POST /api/notifications', () => {
  it('accepts with 202 and records each delivery by eventId, counting duplicates', async () => {
    const app = await build();
    const res = await notify(event('e-1'));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true, eventId: 'e-1' });
    await notify(event('e-2'));
    await notify(event('e-1'));
    expect((await app.inject('/__admin/deliveries')).json()).toEqual({
      total: 3,
      unique: 2,
      duplicates: 1,
      effects: 3,
      duplicateEffects: 1,
    });
    expect((await app.inject('/__admin/deliveries?byEventId=true')).json().byEventId).toEqual({ 'e-1': 2, 'e-2': 1 });

    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/^mock_notifier_deliveries_total 3$/m);
    expect(metrics).toMatch(/^mock_notifier_duplicate_deliveries_total 1$/m);
    expect(metrics).toMatch(
      /mock_notifier_requests_total\{method="POST",route="\/api\/notifications",status="202"\} 3/,
    );
  });

  it('answers a repeated Idempotency-Key with the first result and no second effect, even after a lost ack', async () => {
    const app = await build();
    const keyed = (eventId: string, key = eventId) =>
      app.inject({
        method: 'POST',
        url: '/api/notifications',
        headers: { 'idempotency-key': key },
        payload: event(eventId),
      });
    await app.inject({
      method: 'POST',
      url: '/__admin/faults',
      payload: { type: 'error-rate', rate: 1, status: 503, count: 1, afterRecording: true },
    });
    expect((await keyed('k-1')).statusCode).toBe(503); // done, but the answer was lost
    const repeat = await keyed('k-1');
    expect(repeat.statusCode).toBe(202);
    expect(repeat.json()).toEqual({ accepted: true, eventId: 'k-1' });
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect((await keyed('k-1')).statusCode).toBe(202);
    const reused = await keyed('k-2', 'k-1');
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: 'idempotency_key_reused', field: 'idempotency-key' });
    const bad = await keyed('k-3', 'x'.repeat(300));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'idempotency-key' });
    expect((await app.inject('/__admin/deliveries')).json()).toEqual({
      total: 3,
      unique: 1,
      duplicates: 2,
      effects: 1,
      duplicateEffects: 0,
    });
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/^mock_notifier_deliveries_total 3$/m);
    expect(metrics).toMatch(/^mock_notifier_effects_total 1$/m);
    expect(metrics).toMatch(/^mock_notifier_duplicate_effects_total 0$/m);
  });

  it('accepts a notification without conversationId', async () => {
    await build();
    const { conversationId: _, ...rest } = event('e-3');
    expect((await notify(rest)).statusCode).toBe(202);
  });

  it('answers 400 naming the field, and records nothing, for bad input', async () => {
    const app = await build();
    const cases: [unknown, string][] = [
      [{ ...event('x'), eventId: undefined }, 'eventId'],
      [{ ...event('x'), eventId: 42 }, 'eventId'],
      [{ ...event('x'), eventId: '' }, 'eventId'],
      [{ ...event('x'), topic: undefined }, 'topic'],
      [{ ...event('x'), payload: 'text' }, 'payload'],
      [{ ...event('x'), conversationId: 7 }, 'conversationId'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await notify(body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad_request', field });
      expect(res.json().message).toContain(field);
    }
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/notifications',
      headers: { 'content-type': 'application/json' },
      payload: '{"eventId":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ field: 'body' });
    const text = await app.inject({
      method: 'POST',
      url: '/api/notifications',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(400); // fastify reads text/plain as a string: not an object
    expect(text.json()).toMatchObject({ field: 'body' });
    expect((await app.inject('/__admin/deliveries')).json()).toMatchObject({ total: 0, effects: 0 });
  });

  it('answers 413 naming the body when it is larger than NOTIFIER_BODY_LIMIT_BYTES', async () => {
    await build({ NOTIFIER_BODY_LIMIT_BYTES: '2048' });
    const res = await notify({ ...event('big'), payload: { text: 'x'.repeat(4_096) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ field: 'body' });
  });
});
