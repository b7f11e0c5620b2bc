import type { RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { health, type Lab, metric, metricsOf, startLab, waitFor } from './fixture.js';

// (b) Notification events over the real WebSocket into the queue and out to the notifier, through a maintenance.
let lab: Lab;
let processor: RunningNodeApp;

beforeAll(async () => {
  lab = await startLab({ MOCK_NOTIFICATION_EVENTS_PER_SECOND: '20', MOCK_HEARTBEAT_SECONDS: '1' });
  processor = await lab.startProcessor({
    PING_INTERVAL_MS: '500',
    SOCKET_IDLE_TIMEOUT_MS: '5000',
    RECONNECT_BASE_MS: '200',
    RECONNECT_MAX_MS: '2000',
  });
});
afterAll(async () => {
  await processor?.stop();
  await lab?.stop();
});

const unique = async () => (await lab.deliveries()).unique;

describe('notification subscriber', () => {
  it('delivers WebSocket events, and reconnects with a new channel after a maintenance window', async () => {
    const connected = await waitFor('the socket to connect', async () => {
      const h = await health(processor.url);
      return h.websocket.state === 'connected' ? h.websocket : undefined;
    });
    expect(connected.topics).toBe(3);
    await waitFor('20 events at the notifier', async () => (await unique()) >= 20, { timeoutMs: 20_000 });

    expect((await lab.mockAdmin('faults', { type: 'maintenance', seconds: 2 })).ok).toBe(true);
    const reconnected = await waitFor(
      'a new channel after socket_closing',
      async () => {
        const h = await health(processor.url);
        return h.websocket.state === 'connected' && h.websocket.channelId !== connected.channelId ? h : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    const before = await unique();
    await waitFor('events flowing again', async () => (await unique()) >= before + 20, { timeoutMs: 20_000 });

    const metrics = await metricsOf(processor.url);
    expect(metric(metrics, 'webhook_websocket_reconnects_total{reason="socket_closing"}')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics, 'webhook_events_received_total{source="websocket"}')).toBeGreaterThanOrEqual(before + 20);
    const final = await lab.deliveries();
    console.log(
      `(b) reconnects ${reconnected.websocket.reconnects}, notifier unique ${final.unique}, duplicates ${final.duplicates}`,
    );
    expect(final.duplicates).toBe(0);
  }, 90_000);
});
