import type { RunningNodeApp } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { health, type Lab, sendWebhook, startLab, waitFor } from './fixture.js';

// (d) kill -9 of the processor with events in flight: nothing accepted is lost; what was delivered but not yet
// acknowledged is delivered again (at-least-once), and the notifier's count shows how many.
let lab: Lab;
const processors: RunningNodeApp[] = [];
const BATCH = 10;
const env = {
  NOTIFICATIONS_ENABLED: 'false',
  WORKER_BATCH_SIZE: String(BATCH),
  ITEM_TIMEOUT_MS: '2000',
  RETRY_BASE_MS: '2000',
  RETRY_MAX_MS: '4000',
};

beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  for (const p of processors) await p.stop();
  await lab?.stop();
});

describe('crash recovery', () => {
  it('delivers every accepted event after a SIGKILL mid-flight and a restart', async () => {
    // A slow notifier keeps a batch in flight at any moment.
    expect((await lab.notifierAdmin('faults', { type: 'slow', delayMs: 150, jitterMs: 100 })).ok).toBe(true);
    const first = await lab.startProcessor(env);
    processors.push(first);
    const events = Array.from({ length: 60 }, (_, i) => ({ eventId: `crash-${i}`, topic: 't', payload: { i } }));
    const answers = await Promise.all(events.map((e) => sendWebhook(first.url, e)));
    expect(answers.every((a) => a.status === 202)).toBe(true);

    await waitFor('some deliveries', async () => (await lab.deliveries()).unique >= 15, {
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    const inFlight = await waitFor(
      'a batch in flight',
      async () => (await health(first.url)).worker.inFlight || undefined,
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    const atKill = await lab.deliveries();
    expect(atKill.unique).toBeLessThan(events.length);
    // What the killed consumer had read and not acknowledged is still pending in its name.
    const [pending] = (await lab.redis.xpending('webhook:events', 'processors')) as [number];
    expect(pending).toBeGreaterThan(0);

    const second = await lab.startProcessor(env);
    processors.push(second);
    const final = await waitFor(
      'every accepted event at the notifier',
      async () => {
        const d = await lab.deliveries();
        return d.unique >= events.length ? d : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 200 },
    );
    await waitFor('an empty queue', async () => {
      const h = await health(second.url);
      return h.queue.depth === 0 && h.queue.pending === 0;
    });
    const settled = await lab.deliveries(true);
    console.log(
      `(d) accepted ${events.length}, delivered before kill ${atKill.unique} (in flight ${inFlight}), ` +
        `notifier unique ${settled.unique}, duplicates ${settled.duplicates}`,
    );
    expect(final.unique).toBe(events.length);
    expect(settled.unique).toBe(events.length);
    // Only entries delivered by the killed process and not yet acknowledged can be delivered twice.
    expect(settled.duplicates).toBeLessThanOrEqual(BATCH);
    expect(Object.values(settled.byEventId ?? {}).every((n) => n <= 2)).toBe(true);
  }, 90_000);
});
