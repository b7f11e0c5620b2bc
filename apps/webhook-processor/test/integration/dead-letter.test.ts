import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mockAdmin, scrapeMetrics, sumOf } from '@lab/lab-client';
import type { RunningLab, RunningNodeApp } from '@lab/lab-runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, sendWebhook, startWebhookLab } from './fixture.js';

// (c) A notifier that always fails: each event is retried with a growing backoff, then dead-lettered.
let lab: RunningLab;
let processor: RunningNodeApp;
/** The default MAX_DELIVERIES. */
const MAX_DELIVERIES = 5;

beforeAll(async () => {
  lab = await startWebhookLab();
  processor = await lab.startService('webhook-processor', {
    env: {
      NOTIFICATIONS_ENABLED: 'false',
      ITEM_TIMEOUT_MS: '1000',
      RETRY_BASE_MS: '1000',
      RETRY_MAX_MS: '2000',
      // a breaker that never opens: these failures are the entries' own, so they use up deliveries
      RESILIENCE_OVERRIDES: JSON.stringify({
        notifier: { retry: { initialDelayMs: 10, maxDelayMs: 50 }, breaker: { threshold: 100 } },
      }),
    },
  });
});
/** Runs `npm run dead-letters` (dist/dead-letters-cli.js) against the lab's Redis. */
function deadLetters(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fileURLToPath(new URL('../../dist/dead-letters-cli.js', import.meta.url)), ...args],
      { env: { ...process.env, REDIS_URL: lab.redisUrl }, timeout: 20_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

/** Queues the event again by hand, as a mistaken second replay would. */
async function redisXadd(eventId: string) {
  const redis = new Redis(lab.redisUrl, { maxRetriesPerRequest: 1 });
  const item = JSON.stringify({
    eventId,
    topic: 't',
    source: 'webhook',
    payload: {},
    receivedAt: new Date().toISOString(),
  });
  await redis.xadd('webhook:events', '*', 'eventId', eventId, 'item', item);
  redis.disconnect();
}

afterAll(async () => {
  await lab?.stop();
});

describe('dead-lettering', () => {
  it(`retries a failing delivery, then moves it to webhook:dead after ${MAX_DELIVERIES} deliveries`, async () => {
    const notifier = mockAdmin(lab.url('mock-notifier'));
    await notifier.addFault({ type: 'error-rate', rate: 1, status: 503 });
    const ids = ['dl-1', 'dl-2', 'dl-3'];
    for (const eventId of ids) expect((await sendWebhook(processor.url, { eventId, topic: 't' })).status).toBe(202);

    await vi.waitFor(async () => expect((await health(processor.url)).queue.deadLetters).toBe(ids.length), {
      timeout: 30_000,
      interval: 200,
    });
    const redis = new Redis(lab.redisUrl, { maxRetriesPerRequest: 1 });
    const dead = await redis.xrange('webhook:dead', '-', '+');
    redis.disconnect();
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
    expect(await deliveries(lab)).toMatchObject({ total: 0 });

    const metrics = await scrapeMetrics(`${processor.url}/metrics`);
    expect(sumOf(metrics, 'webhook_events_processed_total', { outcome: 'dead_lettered' })).toBe(ids.length);
    expect(sumOf(metrics, 'webhook_dead_letter_depth')).toBe(ids.length);
    const attempts = sumOf(metrics, 'webhook_delivery_failures_total', { stage: 'notify' });
    expect(attempts).toBe(ids.length * MAX_DELIVERIES);
    // Nothing is processed afterwards: a dead letter stays put once the notifier recovers. Proven by a later
    // event: once one sent after the recovery has been delivered, the worker has passed the point where a
    // redelivered dead letter would have gone out, and only that one event reached the notifier.
    await notifier.reset();
    expect((await sendWebhook(processor.url, { eventId: 'after-recovery', topic: 't' })).status).toBe(202);
    const after = await vi.waitFor(
      async () => {
        const d = await deliveries(lab, true);
        expect(d.byEventId?.['after-recovery'], 'the later event at the notifier').toBe(1);
        return d;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(after).toMatchObject({ total: 1, unique: 1, duplicates: 0 });
    expect((await health(processor.url)).queue).toMatchObject({ deadLetters: ids.length });
    const later = await scrapeMetrics(`${processor.url}/metrics`);
    expect(sumOf(later, 'webhook_events_processed_total', { outcome: 'dead_lettered' })).toBe(ids.length);

    // The dead-letters command: list them, replay one (same eventId, so the same Idempotency-Key), purge the rest.
    const listed = (await deadLetters('list')).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(listed.map((l) => l.eventId).sort()).toEqual(ids);
    expect(listed[0]).toMatchObject({ reason: expect.stringMatching(/^notify: /), deliveries: MAX_DELIVERIES });
    const replayed = await deadLetters('replay', listed[0].id);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ id: listed[0].id, eventId: listed[0].eventId });
    await vi.waitFor(async () => expect((await deliveries(lab, true)).effectsByEventId?.[listed[0].eventId]).toBe(1), {
      timeout: 15_000,
      interval: 100,
    });
    // queued again by mistake: the processor knows it was delivered (webhook:processed), no second delivery
    await redisXadd(listed[0].eventId);
    await vi.waitFor(
      async () =>
        expect(
          sumOf(await scrapeMetrics(`${processor.url}/metrics`), 'webhook_events_processed_total', {
            outcome: 'duplicate',
          }),
        ).toBe(1),
      { timeout: 15_000, interval: 100 },
    );
    expect((await deliveries(lab, true)).byEventId?.[listed[0].eventId]).toBe(1);
    expect(await deadLetters('purge', 'nope-0')).toMatchObject({ code: 1 });
    expect(await deadLetters('replay')).toMatchObject({ code: 2 });
    expect(JSON.parse((await deadLetters('purge', '--all')).stdout)).toEqual({ purged: ids.length - 1 });
    expect((await deadLetters('list')).stdout).toBe('');
  }, 90_000);
});
