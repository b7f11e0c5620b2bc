import { loadConfig } from '@lab/service-kit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type WebhookProcessorApp } from './app.js';
import { webhookProcessorConfigSchema } from './config.js';
import { signWebhook } from './signature.js';

// The whole app with Redis and Genesys unreachable (port 1): it must refuse to accept (503), never accept and drop.
let service: WebhookProcessorApp;

beforeAll(async () => {
  const config = loadConfig(webhookProcessorConfigSchema, {
    SERVICE_PORT: '0',
    REDIS_URL: 'redis://127.0.0.1:1',
    GENESYS_URL: 'http://127.0.0.1:1',
    NOTIFIER_URL: 'http://127.0.0.1:1',
    WEBHOOK_SECRET: 'app-test-secret',
    NOTIFICATIONS_ENABLED: 'false',
  });
  service = await buildApp(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await service?.app.close();
  await service?.stopWork();
  await service?.ctx.close();
});

describe('webhook-processor without Redis', () => {
  it('answers 503 with Retry-After to a valid webhook', async () => {
    const body = JSON.stringify({ eventId: 'a-1', topic: 't' });
    const ts = String(Math.floor(Date.now() / 1_000));
    const res = await service.app.inject({
      method: 'POST',
      url: '/webhooks/genesys',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': ts,
        'x-signature': `sha256=${signWebhook('app-test-secret', ts, body)}`,
      },
      payload: body,
    });
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('shows the socket, the worker and the queue in /healthz, and its metrics in /metrics', async () => {
    const health = (await service.app.inject('/healthz')).json();
    expect(health).toMatchObject({
      service: 'webhook-processor',
      websocket: { state: 'disabled' },
      worker: { state: 'idle' },
      queue: {},
      dependencies: { genesys: { breaker: 'closed' }, notifier: { breaker: 'closed' } },
    });
    expect(health.queue.readAt).toBeUndefined(); // never read: Redis never answered
    const metrics = (await service.app.inject('/metrics')).body;
    for (const name of ['webhook_queue_depth', 'webhook_dead_letter_depth', 'webhook_websocket_reconnects_total']) {
      expect(metrics).toContain(`# TYPE ${name.replace(/_total$/, '')}`);
    }
    expect(metrics).toMatch(/webhook_events_received_total|# TYPE webhook_events_received counter/);
  });
});
