import type { RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { health, type Lab, metric, metricsOf, sendWebhook, startLab, waitFor } from './fixture.js';

// (c) A notifier that always fails: each event is retried with a growing backoff, then dead-lettered.
let lab: Lab;
let processor: RunningNodeApp;
/** The default MAX_DELIVERIES. */
const MAX_DELIVERIES = 5;

beforeAll(async () => {
  lab = await startLab();
  processor = await lab.startProcessor({
    NOTIFICATIONS_ENABLED: 'false',
    ITEM_TIMEOUT_MS: '1000',
    RETRY_BASE_MS: '1000',
    RETRY_MAX_MS: '2000',
    RESILIENCE_OVERRIDES: JSON.stringify({ notifier: { retry: { initialDelayMs: 10, maxDelayMs: 50 } } }),
  });
});
afterAll(async () => {
  await processor?.stop();
  await lab?.stop();
});

describe('dead-lettering', () => {
  it(`retries a failing delivery, then moves it to webhook:dead after ${MAX_DELIVERIES} deliveries`, async () => {
    expect((await lab.notifierAdmin('faults', { type: 'error-rate', rate: 1, status: 503 })).ok).toBe(true);
    const ids = ['dl-1', 'dl-2', 'dl-3'];
    for (const eventId of ids) expect((await sendWebhook(processor.url, { eventId, topic: 't' })).status).toBe(202);

    await waitFor('three dead letters', async () => (await health(processor.url)).queue.deadLetters === ids.length, {
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    const dead = await lab.redis.xrange('webhook:dead', '-', '+');
    const records = dead.map(([, fields]) =>
      Object.fromEntries(fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]]))),
    );
    expect(records.map((r) => r.eventId).sort()).toEqual(ids);
    for (const record of records) {
      expect(record.deliveries).toBe(String(MAX_DELIVERIES));
      expect(record.reason).toMatch(/^notify: (http-503|breaker-open)/);
      expect(JSON.parse(record.item!)).toMatchObject({ source: 'webhook', topic: 't' });
    }
    const h = await health(processor.url);
    expect(h.queue).toMatchObject({ depth: 0, pending: 0, deadLetters: ids.length });
    expect(await lab.deliveries()).toMatchObject({ total: 0 });

    const metrics = await metricsOf(processor.url);
    expect(metric(metrics, 'webhook_events_processed_total{outcome="dead_lettered"}')).toBe(ids.length);
    expect(metric(metrics, 'webhook_dead_letter_depth')).toBe(ids.length);
    const failures = metrics.split('\n').filter((l) => l.startsWith('webhook_delivery_failures_total{stage="notify"'));
    const attempts = failures.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(attempts).toBe(ids.length * MAX_DELIVERIES);
    // Nothing is processed afterwards: a dead letter stays put once the notifier recovers.
    await lab.notifierAdmin('reset', {});
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await lab.deliveries()).toMatchObject({ total: 0 });
  }, 60_000);
});
