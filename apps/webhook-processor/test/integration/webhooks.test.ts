import { scrapeMetrics, sumOf } from '@lab/lab-client';
import { mockConversationIds, type RunningLab, type RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, sendWebhook, startWebhookLab } from './fixture.js';

// (a) Signed webhooks through the durable queue to the notifier, exactly once when nothing crashes.
let lab: RunningLab;
let processor: RunningNodeApp;

beforeAll(async () => {
  lab = await startWebhookLab();
  processor = await lab.startService('webhook-processor', { env: { NOTIFICATIONS_ENABLED: 'false' } });
});
afterAll(async () => {
  await lab?.stop();
});

describe('POST /webhooks/genesys against real Redis, mock-genesys and mock-notifier', () => {
  it('accepts signed events, refuses bad signatures (401) and replays (409), and delivers each accepted event once', async () => {
    const conversations = await mockConversationIds(lab.url('mock-genesys'), 5);
    expect(conversations).toHaveLength(5);
    const events = Array.from({ length: 40 }, (_, i) => ({
      eventId: `wh-${i}`,
      topic: `v2.routing.queues.q.conversations`,
      ...(i % 2 === 0 ? { conversationId: conversations[i % 5] } : {}),
      payload: { n: i },
    }));
    const answers = await Promise.all(events.map((e) => sendWebhook(processor.url, e)));
    expect(answers.map((a) => a.status)).toEqual(events.map(() => 202));
    expect(await answers[0]!.json()).toEqual({ accepted: true, eventId: 'wh-0' });

    const forged = await sendWebhook(processor.url, { eventId: 'wh-forged', topic: 't' }, 'not-the-secret');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: 'signature_mismatch' });
    const replay = await sendWebhook(processor.url, events[3]!);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ error: 'replayed' });

    const delivered = await vi.waitFor(
      async () => {
        const d = await deliveries(lab, true);
        expect(d.unique, 'every accepted event at the notifier').toBeGreaterThanOrEqual(events.length);
        return d;
      },
      { timeout: 30_000, interval: 200 },
    );
    // Count once nothing can come late: every entry acknowledged (a duplicate is delivered before the ack of its
    // redelivery, so none can follow an empty stream with nothing pending).
    const state = await vi.waitFor(
      async () => {
        const h = await health(processor.url);
        expect(h.queue).toMatchObject({ depth: 0, pending: 0 });
        return h;
      },
      { timeout: 30_000, interval: 100 },
    );
    const final = await deliveries(lab, true);
    console.log(`(a) accepted ${events.length}, notifier unique ${final.unique}, duplicates ${final.duplicates}`);
    expect(final).toMatchObject({ unique: events.length, duplicates: 0, total: events.length });
    expect(Object.keys(delivered.byEventId ?? {}).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(final.byEventId?.['wh-forged']).toBeUndefined();

    expect(state.worker.state).toBe('running');
    const metrics = await scrapeMetrics(`${processor.url}/metrics`);
    expect(sumOf(metrics, 'webhook_events_received_total', { source: 'webhook' })).toBe(events.length);
    expect(sumOf(metrics, 'webhook_events_processed_total', { outcome: 'processed' })).toBe(events.length);
    expect(sumOf(metrics, 'webhook_rejected_total', { reason: 'signature' })).toBe(1);
    expect(sumOf(metrics, 'webhook_rejected_total', { reason: 'replay' })).toBe(1);
    expect(sumOf(metrics, 'webhook_queue_depth', { state: 'stream' })).toBe(0);
    // The enrichment went to Genesys (half of the events carry a real conversation id).
    const enriched = sumOf(metrics, 'lab_dependency_calls_total', { dependency: 'genesys', outcome: 'success' });
    expect(enriched).toBeGreaterThanOrEqual(1);
  });
});
