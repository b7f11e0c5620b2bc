import { mockAdmin } from '@lab/lab-client';
import type { RunningLab } from '@lab/lab-runner';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliveries, health, sendWebhook, startWebhookLab } from './fixture.js';

// (d) kill -9 of the processor with events in flight: nothing accepted is lost; what was delivered but not yet
// acknowledged is delivered again (at-least-once) with the same Idempotency-Key, so the notifier answers the first
// result and its effect happens once: deliveries may repeat, effects never do.
let lab: RunningLab;
const BATCH = 10;
const env = {
  NOTIFICATIONS_ENABLED: 'false',
  WORKER_BATCH_SIZE: String(BATCH),
  ITEM_TIMEOUT_MS: '2000',
  RETRY_BASE_MS: '2000',
  RETRY_MAX_MS: '4000',
};

beforeAll(async () => {
  lab = await startWebhookLab();
});
afterAll(async () => {
  await lab?.stop();
});

describe('crash recovery', () => {
  it('delivers every accepted event after a SIGKILL mid-flight and a restart', async () => {
    // A slow notifier keeps a batch in flight at any moment.
    await mockAdmin(lab.url('mock-notifier')).addFault({ type: 'slow', delayMs: 150, jitterMs: 100 });
    const first = await lab.startService('webhook-processor', { env });
    const events = Array.from({ length: 60 }, (_, i) => ({ eventId: `crash-${i}`, topic: 't', payload: { i } }));
    const answers = await Promise.all(events.map((e) => sendWebhook(first.url, e)));
    expect(answers.every((a) => a.status === 202)).toBe(true);

    await vi.waitFor(async () => expect((await deliveries(lab)).unique).toBeGreaterThanOrEqual(15), {
      timeout: 20_000,
      interval: 50,
    });
    const inFlight = await vi.waitFor(
      async () => {
        const { worker } = await health(first.url);
        expect(worker.inFlight, 'a batch in flight').toBeGreaterThan(0);
        return worker.inFlight;
      },
      { timeout: 10_000, interval: 5 },
    );
    await first.kill();
    const atKill = await deliveries(lab);
    expect(atKill.unique).toBeLessThan(events.length);
    // What the killed consumer had read and not acknowledged is still pending in its name.
    const redis = new Redis(lab.redisUrl, { maxRetriesPerRequest: 1 });
    const [pending] = (await redis.xpending('webhook:events', 'processors')) as [number];
    redis.disconnect();
    expect(pending).toBeGreaterThan(0);

    // A new replica (another consumer name) takes over what the killed one left pending.
    const second = await lab.startService('webhook-processor', { env });
    const final = await vi.waitFor(
      async () => {
        const d = await deliveries(lab);
        expect(d.unique, 'every accepted event at the notifier').toBeGreaterThanOrEqual(events.length);
        return d;
      },
      { timeout: 45_000, interval: 200 },
    );
    await vi.waitFor(async () => expect((await health(second.url)).queue).toMatchObject({ depth: 0, pending: 0 }), {
      timeout: 30_000,
      interval: 100,
    });
    const settled = await deliveries(lab, true);
    console.log(
      `(d) accepted ${events.length}, delivered before kill ${atKill.unique} (in flight ${inFlight}), ` +
        `notifier unique ${settled.unique}, repeated deliveries ${settled.duplicates}, ` +
        `effects ${settled.effects}, duplicated effects ${settled.duplicateEffects}`,
    );
    expect(final.unique).toBe(events.length);
    expect(settled.unique).toBe(events.length);
    // Exactly once where it matters: one effect per event, none repeated.
    expect(settled.effects).toBe(events.length);
    expect(settled.duplicateEffects).toBe(0);
    expect(Object.values(settled.effectsByEventId ?? {}).every((n) => n === 1)).toBe(true);
  }, 90_000);
});
