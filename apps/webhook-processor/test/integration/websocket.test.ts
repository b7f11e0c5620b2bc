import { mockAdmin, scrapeMetrics, sumOf } from '@lab/lab-client';
import type { RunningLab, RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, startWebhookLab } from './fixture.js';

// (b) Notification events over the real WebSocket into the queue and out to the notifier, through a maintenance.
let lab: RunningLab;
let processor: RunningNodeApp;

beforeAll(async () => {
  lab = await startWebhookLab({ MOCK_NOTIFICATION_EVENTS_PER_SECOND: '20', MOCK_HEARTBEAT_SECONDS: '1' });
  processor = await lab.startService('webhook-processor', {
    env: {
      PING_INTERVAL_MS: '500',
      SOCKET_IDLE_TIMEOUT_MS: '5000',
      RECONNECT_BASE_MS: '200',
      RECONNECT_MAX_MS: '2000',
    },
  });
});
afterAll(async () => {
  await lab?.stop();
});

const unique = async () => (await deliveries(lab)).unique;

describe('notification subscriber', () => {
  it('delivers WebSocket events, and reconnects with a new channel after a maintenance window', async () => {
    const connected = await vi.waitFor(
      async () => {
        const { websocket } = await health(processor.url);
        expect(websocket.state).toBe('connected');
        return websocket;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(connected.topics).toBe(3);
    await vi.waitFor(async () => expect(await unique()).toBeGreaterThanOrEqual(20), { timeout: 20_000, interval: 100 });

    await mockAdmin(lab.url('mock-genesys')).addFault({ type: 'maintenance', seconds: 2 });
    const reconnected = await vi.waitFor(
      async () => {
        const h = await health(processor.url);
        expect(h.websocket.state).toBe('connected');
        expect(h.websocket.channelId, 'a new channel after socket_closing').not.toBe(connected.channelId);
        return h;
      },
      { timeout: 30_000, interval: 200 },
    );
    const before = await unique();
    await vi.waitFor(async () => expect(await unique()).toBeGreaterThanOrEqual(before + 20), {
      timeout: 20_000,
      interval: 100,
    });

    const metrics = await scrapeMetrics(`${processor.url}/metrics`);
    expect(sumOf(metrics, 'webhook_websocket_reconnects_total', { reason: 'socket_closing' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sumOf(metrics, 'webhook_events_received_total', { source: 'websocket' })).toBeGreaterThanOrEqual(
      before + 20,
    );
    const final = await deliveries(lab);
    console.log(
      `(b) reconnects ${reconnected.websocket.reconnects}, notifier unique ${final.unique}, duplicates ${final.duplicates}`,
    );
    expect(final.duplicates).toBe(0);
  }, 90_000);
});
