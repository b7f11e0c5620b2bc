import { mockAdmin } from '@lab/lab-client';
import type { RunningLab, RunningNodeApp } from '@lab/lab-runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, sendWebhook, startWebhookLab } from './fixture.js';

// Issue 10's first proof: Redis kill -9 (and a restart on the same append-only file) with hundreds of accepted
// events still queued behind a slow notifier. Every event answered 202 is delivered, none twice in effect (the
// notifier has no idempotency of its own: its per-eventId count is the measure).
let lab: RunningLab;
let processor: RunningNodeApp;
const QUEUED_AT_LEAST = 500;
const EVENTS = 700;
const env = {
  NOTIFICATIONS_ENABLED: 'false',
  WORKER_BATCH_SIZE: '10',
  ITEM_TIMEOUT_MS: '2000',
  RETRY_BASE_MS: '2000',
  RETRY_MAX_MS: '4000',
  LOG_LEVEL: 'warn',
};

beforeAll(async () => {
  lab = await startWebhookLab();
  processor = await lab.startService('webhook-processor', { env });
}, 60_000);
afterAll(async () => {
  await lab?.stop();
});

/** Sends events `from..to-1` with `concurrency` senders; returns the eventIds answered 202. */
async function send(from: number, to: number, concurrency: number): Promise<string[]> {
  const accepted: string[] = [];
  let next = from;
  const sender = async () => {
    while (next < to) {
      const eventId = `kill9-${next++}`;
      const answer = await sendWebhook(processor.url, { eventId, topic: 't', payload: { eventId } }).catch(() => null);
      if (answer?.status === 202) accepted.push(eventId);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return accepted;
}

describe('Redis kill -9 with events queued', () => {
  it('delivers every accepted event once in effect after Redis is killed and started again', async () => {
    const notifier = mockAdmin(lab.url('mock-notifier'));
    // 10 in flight at 300-400 ms each: ~30 deliveries/s, so most of what is sent waits in the stream.
    const slow = await notifier.addFault({ type: 'slow', delayMs: 300, jitterMs: 100 });
    const accepted = await send(0, EVENTS, 20);
    expect(accepted, 'Redis up: every event accepted').toHaveLength(EVENTS);

    const redisClient = new Redis(lab.redisUrl, { maxRetriesPerRequest: 0, lazyConnect: true });
    await redisClient.connect();
    const queued = await redisClient.xlen('webhook:events');
    redisClient.disconnect();
    expect(queued, 'events waiting in the stream at the kill').toBeGreaterThanOrEqual(QUEUED_AT_LEAST);

    const redis = lab.process('redis');
    // While Redis is down and coming back, a sender keeps posting: only its 202s count as accepted.
    let sending = true;
    const during: string[] = [];
    const duringDone = (async () => {
      for (let i = EVENTS; sending; i += 5) during.push(...(await send(i, i + 5, 1)));
    })();
    await redis.kill();
    await redis.restart();
    // The processor's connection comes back by itself: the sender's events are accepted again.
    const atRestart = during.length;
    await vi.waitFor(() => expect(during.length).toBeGreaterThan(atRestart + 3), { timeout: 15_000, interval: 50 });
    sending = false;
    await duringDone;
    await notifier.removeFault(slow.id);

    const all = [...accepted, ...during];
    const final = await vi.waitFor(
      async () => {
        const d = await deliveries(lab, true);
        const missing = all.filter((id) => !d.byEventId?.[id]);
        expect(missing.length, `accepted and not delivered (of ${all.length})`).toBe(0);
        return d;
      },
      { timeout: 60_000, interval: 250 },
    );
    await vi.waitFor(async () => expect((await health(processor.url)).queue).toMatchObject({ depth: 0, pending: 0 }), {
      timeout: 20_000,
      interval: 100,
    });
    const byEventId = final.byEventId ?? {};
    const twice = all.filter((id) => (byEventId[id] ?? 0) > 1);
    console.log(
      `(kill -9) accepted ${all.length} (${during.length} while Redis restarted), queued at the kill ${queued}, ` +
        `delivered ${all.filter((id) => byEventId[id]).length}, lost ${all.filter((id) => !byEventId[id]).length}, ` +
        `delivered twice ${twice.length}`,
    );
    expect(twice, 'delivered more than once').toEqual([]);
  }, 150_000);
});
