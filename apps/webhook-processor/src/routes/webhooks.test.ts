import { createServiceContext, createServiceHttp, loadConfig, type ServiceContext } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookProcessorConfigSchema } from '../config.js';
import { createWebhookMetrics } from '../metrics.js';
import { type Intake, QueueUnavailableError } from '../queue/intake.js';
import { serializeItem } from '../queue/item-limits.js';
import { QueueStats } from '../queue/queue-stats.js';
import { signWebhook } from '../signature.js';
import type { WorkItem } from '../work-item.js';
import { webhookRoutes } from './webhooks.js';

// The route on the service's real HTTP stack, with an in-memory intake (Redis deliberately unreachable).
const SECRET = 'route-test-secret';
const accepted: WorkItem[] = [];
const intakeState = { down: false };
const intake: Intake = {
  enqueue: async (item) => {
    serializeItem(item, { maxPayloadDepth: 32, maxItemBytes: 64 * 1_024 }); // what RedisIntake checks first
    if (intakeState.down) throw new QueueUnavailableError(new Error('connection refused'));
    if (accepted.some((a) => a.eventId === item.eventId)) return { outcome: 'replayed' };
    accepted.push(item);
    return { outcome: 'accepted', entryId: `${accepted.length}-0` };
  },
  deadLetter: async () => {},
};
let ctx: ServiceContext;
let app: FastifyInstance;

beforeAll(async () => {
  const config = loadConfig(webhookProcessorConfigSchema, {
    REDIS_URL: 'redis://127.0.0.1:1',
    GENESYS_URL: 'http://127.0.0.1:1',
    WEBHOOK_SECRET: SECRET,
  });
  ctx = createServiceContext({ service: 'webhook-processor', config, logger: pino({ level: 'silent' }) });
  const metrics = createWebhookMetrics(ctx.registry, new QueueStats(ctx.redis, { events: 'e', dead: 'd', group: 'g' }));
  app = createServiceHttp(ctx);
  await app.register(async (scope) => webhookRoutes(scope, { intake, metrics, secret: SECRET, toleranceSeconds: 300 }));
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const now = () => String(Math.floor(Date.now() / 1_000));
function post(
  body: string | Buffer,
  { ts = now(), secret = SECRET, signature }: { ts?: string; secret?: string; signature?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/webhooks/genesys',
    headers: {
      'content-type': 'application/json',
      'x-timestamp': ts,
      'x-signature': signature ?? `sha256=${signWebhook(secret, ts, body)}`,
    },
    payload: body,
  });
}
const fields = (res: { json(): { details: { field: string }[] } }) => res.json().details.map((d) => d.field);

describe('POST /webhooks/genesys', () => {
  it('accepts a signed event with 202 once the intake has it, and answers 409 to its replay', async () => {
    const body = JSON.stringify({ eventId: 'w-1', topic: 'v2.x', conversationId: 'c-1', payload: { a: 1 } });
    const res = await post(body);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true, eventId: 'w-1' });
    expect(accepted.at(-1)).toMatchObject({
      eventId: 'w-1',
      source: 'webhook',
      conversationId: 'c-1',
      payload: { a: 1 },
    });
    const replay = await post(body);
    expect(replay.statusCode).toBe(409);
    expect(replay.json()).toMatchObject({ error: 'replayed', details: [{ field: 'eventId' }] });
  });

  it('answers 401 naming the problem for a bad, missing or stale signature, before reading the body', async () => {
    const body = JSON.stringify({ eventId: 'w-2', topic: 't' });
    const wrong = await post(body, { secret: 'not-the-secret' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'signature_mismatch', details: [{ field: 'x-signature' }] });
    const missing = await app.inject({
      method: 'POST',
      url: '/webhooks/genesys',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(missing.json()).toMatchObject({ error: 'signature_missing' });
    const old = String(Number(now()) - 600);
    expect((await post(body, { ts: old })).json()).toMatchObject({ error: 'timestamp_expired' });
    // Unsigned garbage is a 401, not a 400: nothing is parsed for an unauthenticated sender.
    expect((await post('{not json', { signature: 'sha256=00' })).statusCode).toBe(401);
    expect(accepted.some((a) => a.eventId === 'w-2')).toBe(false);
  });

  it('answers 400 naming the field for a signed but invalid body', async () => {
    const cases: [string, string][] = [
      ['{"eventId":', 'body'],
      ['[]', 'body'],
      [JSON.stringify({ topic: 't' }), 'eventId'],
      [JSON.stringify({ eventId: 'w-3' }), 'topic'],
      [JSON.stringify({ eventId: '', topic: 't' }), 'eventId'],
      [JSON.stringify({ eventId: 'w-3', topic: 't', payload: 'text' }), 'payload'],
      [JSON.stringify({ eventId: 'w-3', topic: 't', conversationId: 7 }), 'conversationId'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.statusCode, body).toBe(400);
      expect(fields(res), body).toContain(field);
    }
  });

  it('answers 503 with Retry-After when the event cannot be stored, and accepts the retry later', async () => {
    const body = JSON.stringify({ eventId: 'w-4', topic: 't' });
    intakeState.down = true;
    const res = await post(body);
    intakeState.down = false;
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ error: 'unavailable' });
    expect((await post(body)).statusCode).toBe(202);
  });

  it('answers 400 naming the depth limit for a payload nested too deep: a client mistake, not an outage', async () => {
    const depth = 20_000;
    const body = `{"eventId":"w-deep","topic":"t","payload":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.json()).toMatchObject({ error: 'too_deep', details: [{ field: 'payload' }] });
    expect(res.json().details[0].message).toMatch(/limit 32/);
  });

  it('answers 413 naming the size limit for an event larger than the queue takes', async () => {
    const body = JSON.stringify({ eventId: 'w-large', topic: 't', payload: { text: 'x'.repeat(100_000) } });
    const res = await post(body);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'too_large', details: [{ field: 'payload' }] });
    expect(res.json().details[0].message).toMatch(/limit 65536/);
  });

  it('counts rejections by reason', async () => {
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/webhook_rejected_total\{reason="signature"\} [1-9]/);
    expect(metrics).toMatch(/webhook_rejected_total\{reason="replay"\} 1/);
    expect(metrics).toMatch(/webhook_rejected_total\{reason="invalid"\} 7/);
    expect(metrics).toMatch(/webhook_rejected_total\{reason="too_deep"\} 1/);
    expect(metrics).toMatch(/webhook_rejected_total\{reason="too_large"\} 1/);
    expect(metrics).not.toMatch(/webhook_unavailable_total\{source="webhook"\} [2-9]/);
    expect(metrics).toMatch(/webhook_events_received_total\{source="webhook"\} 2/);
  });

  it('checks the HMAC over the raw bytes, not a re-serialisation or a decoded string', async () => {
    // Escapes and whitespace: the bytes differ from JSON.stringify(JSON.parse(body)).
    const spaced = '{ "eventId" : "w-\\u00e9-raw" ,\n  "topic":"t" }';
    const reserialised = JSON.stringify(JSON.parse(spaced));
    expect(reserialised).not.toBe(spaced);
    const forged = await post(spaced, { signature: `sha256=${signWebhook(SECRET, now(), reserialised)}` });
    expect(forged.statusCode).toBe(401);
    const raw = await post(spaced);
    expect(raw.statusCode).toBe(202);
    expect(accepted.at(-1)?.eventId).toBe('w-\u00e9-raw');
    // Invalid UTF-8 (0xff): signed over its bytes it is authentic but malformed (400); signed over the string a
    // lenient decoder would make of it (U+FFFD), it is not authentic.
    const bytes = Buffer.concat([Buffer.from('{"eventId":"w-'), Buffer.from([0xff]), Buffer.from('","topic":"t"}')]);
    const lenient = bytes.toString('utf8');
    expect((await post(bytes)).statusCode).toBe(400);
    expect(fields(await post(bytes))).toEqual(['body']);
    const decoded = await post(bytes, { signature: `sha256=${signWebhook(SECRET, now(), lenient)}` });
    expect(decoded.statusCode).toBe(401);
  });
});
