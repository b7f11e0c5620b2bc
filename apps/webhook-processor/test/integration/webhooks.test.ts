import type { RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationIds, health, type Lab, metric, metricsOf, sendWebhook, startLab, waitFor } from './fixture.js';

// (a) Signed webhooks through the durable queue to the notifier, exactly once when nothing crashes.
let lab: Lab;
let processor: RunningNodeApp;

beforeAll(async () => {
  lab = await startLab();
  processor = await lab.startProcessor({ NOTIFICATIONS_ENABLED: 'false' });
});
afterAll(async () => {
  await processor?.stop();
  await lab?.stop();
});

describe('POST /webhooks/genesys against real Redis, mock-genesys and mock-notifier', () => {
  it('accepts signed events, refuses bad signatures (401) and replays (409), and delivers each accepted event once', async () => {
    const conversations = await conversationIds(lab.mock.url, 5);
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

    const delivered = await waitFor(
      'every accepted event at the notifier',
      async () => {
        const d = await lab.deliveries(true);
        return d.unique >= events.length ? d : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    // Give a late duplicate the chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const final = await lab.deliveries(true);
    console.log(`(a) accepted ${events.length}, notifier unique ${final.unique}, duplicates ${final.duplicates}`);
    expect(final).toMatchObject({ unique: events.length, duplicates: 0, total: events.length });
    expect(Object.keys(delivered.byEventId ?? {}).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(final.byEventId?.['wh-forged']).toBeUndefined();

    const state = await waitFor('an empty queue', async () => {
      const h = await health(processor.url);
      return h.queue.depth === 0 && h.queue.pending === 0 ? h : undefined;
    });
    expect(state.worker.state).toBe('running');
    const metrics = await metricsOf(processor.url);
    expect(metric(metrics, 'webhook_events_received_total{source="webhook"}')).toBe(events.length);
    expect(metric(metrics, 'webhook_events_processed_total{outcome="processed"}')).toBe(events.length);
    expect(metric(metrics, 'webhook_rejected_total{reason="signature"}')).toBe(1);
    expect(metric(metrics, 'webhook_rejected_total{reason="replay"}')).toBe(1);
    expect(metric(metrics, 'webhook_queue_depth{state="stream"}')).toBe(0);
    // The enrichment went to Genesys (half of the events carry a real conversation id).
    expect(metrics).toMatch(/lab_dependency_calls_total\{[^}]*dependency="genesys"[^}]*outcome="success"[^}]*\} [1-9]/);
  });
});
