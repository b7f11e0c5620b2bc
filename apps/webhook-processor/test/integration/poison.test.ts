import { mockAdmin } from '@lab/lab-client';
import type { RunningLab, RunningNodeApp } from '@lab/lab-runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, sendWebhook, startWebhookLab } from './fixture.js';

// A poison event: the notifier fails its deliveries only (a fault targeted at its Idempotency-Key), every other
// event goes through. Each of its attempts opens the breaker (one failure opens it; one attempt a call), so each of
// its failures leaves the breaker open and its delivery is given back, as an outage's would be: retried forever
// before the poison rule. The poison rule still
// dead-letters it after MAX_COUNTED_FAILURES real failures, each after other events were delivered; the others are
// delivered once each, and none of them is dead-lettered.
let lab: RunningLab;
let processor: RunningNodeApp;
const MAX_COUNTED_FAILURES = 3;
const POISON = 'poison-1';

beforeAll(async () => {
  lab = await startWebhookLab();
  processor = await lab.startService('webhook-processor', {
    env: {
      NOTIFICATIONS_ENABLED: 'false',
      ITEM_TIMEOUT_MS: '1000',
      RETRY_BASE_MS: '1000',
      RETRY_MAX_MS: '2000',
      MAX_COUNTED_FAILURES: String(MAX_COUNTED_FAILURES),
      RESILIENCE_OVERRIDES: JSON.stringify({
        notifier: {
          retry: { maxAttempts: 1 },
          breaker: { kind: 'consecutive', threshold: 1, halfOpenAfterMs: 300, maxHalfOpenAfterMs: 600 },
        },
      }),
    },
  });
});
afterAll(async () => {
  await lab?.stop();
});

describe('a poison event that keeps the breaker open', () => {
  it(`is dead-lettered after ${MAX_COUNTED_FAILURES} real failures among delivered events; the others are delivered`, async () => {
    await mockAdmin(lab.url('mock-notifier')).addFault({
      type: 'error-rate',
      status: 503,
      target: { idempotencyKey: POISON },
    });
    expect((await sendWebhook(processor.url, { eventId: POISON, topic: 't' })).status).toBe(202);
    // Good events keep coming while the poison one is retried, so the breaker's probes find the notifier up.
    const good: string[] = [];
    const redis = new Redis(lab.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      await vi.waitFor(
        async () => {
          const eventId = `good-${good.length + 1}`;
          expect((await sendWebhook(processor.url, { eventId, topic: 't' })).status).toBe(202);
          good.push(eventId);
          expect(await redis.xlen('webhook:dead'), 'the poison event dead-lettered').toBe(1);
        },
        { timeout: 60_000, interval: 300 },
      );
      const [[, fields] = ['', []]] = await redis.xrange('webhook:dead', '-', '+');
      const record = Object.fromEntries(fields.flatMap((_, i) => (i % 2 ? [] : [[fields[i], fields[i + 1]]])));
      expect(record.eventId).toBe(POISON);
      expect(record.reason).toMatch(
        new RegExp(
          `^notify: .* \\(poison: ${MAX_COUNTED_FAILURES} real attempts failed while other entries were delivered\\)$`,
        ),
      );
      // the record went with the entry
      expect(await redis.hlen('webhook:events:failures')).toBe(0);
    } finally {
      redis.disconnect();
    }
    // every good event is delivered, once each, and none is dead-lettered
    await vi.waitFor(async () => expect((await health(processor.url)).queue).toMatchObject({ depth: 0, pending: 0 }), {
      timeout: 30_000,
      interval: 200,
    });
    const d = await deliveries(lab, true);
    for (const eventId of good) expect(d.effectsByEventId?.[eventId], eventId).toBe(1);
    expect(d.effectsByEventId?.[POISON]).toBeUndefined();
    expect(d.duplicateEffects).toBe(0);
    expect((await health(processor.url)).queue).toMatchObject({ deadLetters: 1 });
  }, 120_000);
});
