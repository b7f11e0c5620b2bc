import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockAdmin, scrapeMetrics, sumOf } from '@lab/lab-client';
import { freePort, type RunningLab, type RunningProcess, redisPing, startLab, startProcess } from '@lab/lab-runner';
import { createRedis, whenReady } from '@lab/resilience';
import { toolPaths } from '@lab/toolchain';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Deliveries, deliveries, health, SECRET, sendWebhook } from './fixture.js';

// N webhook events (1 000; EXACTLY_ONCE_EVENTS=10000 for the long form) through two processor replicas, while one
// and then the other is killed -9, the notifier is down for longer than the dead-letter horizon, it loses some
// acknowledgements (the work done, the answer lost), and Redis is killed and restarted (with AOF, fsync always, so
// what it acknowledged survives; the lab's own Redis keeps nothing). Exactly once, as the notifier counts effects:
// every accepted event has one effect, none has two, and the outage alone dead-letters nothing.
const EVENTS = Number(process.env.EXACTLY_ONCE_EVENTS ?? 1_000);
const MAX_DELIVERIES = 3;
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 4_000;
/** Today's rule would dead-letter an entry failing from its first delivery after about this long. */
const DEAD_LETTER_HORIZON_MS = RETRY_BASE_MS + RETRY_MAX_MS;
const OUTAGE_MS = DEAD_LETTER_HORIZON_MS * 2;
// two replicas: lab.startService gives the first the topology port, the second a port of its own
const REPLICAS = ['webhook-processor', 'webhook-processor-2'];

let lab: RunningLab;
let redisServer: RunningProcess;
let redis: Redis;
let redisUrl: string;

beforeAll(async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'exactly-once-'));
  const port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
  redisServer = await startProcess({
    name: 'redis-aof',
    command: toolPaths().redisServer,
    // durable: every write is in the append-only file, fsynced, before Redis answers
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      stateDir,
    ],
    logFile: join(stateDir, 'redis.log'),
    ready: () => redisPing(port),
  });
  lab = await startLab({
    onDemand: ['webhook-processor'],
    redis: false,
    stateDir,
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn' },
      'mock-notifier': { NOTIFIER_LOG_LEVEL: 'warn' },
      'webhook-processor': {
        REDIS_URL: redisUrl,
        WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'warn',
        NOTIFICATIONS_ENABLED: 'false',
        WORKER_BLOCK_MS: '200',
        WORKER_BATCH_SIZE: '20',
        MAX_DELIVERIES: String(MAX_DELIVERIES),
        ITEM_TIMEOUT_MS: '2000',
        RETRY_BASE_MS: String(RETRY_BASE_MS),
        RETRY_MAX_MS: String(RETRY_MAX_MS),
        CONSUMER_IDLE_MAX_MS: '3000',
        RESILIENCE_OVERRIDES: JSON.stringify({
          notifier: {
            timeoutMs: 500,
            retry: { initialDelayMs: 100, maxDelayMs: 400 },
            breaker: { halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 4_000 },
          },
        }),
      },
    },
  });
  redis = createRedis(redisUrl);
  await whenReady(redis);
  // a consumer left behind by a replica long gone: removed once idle past CONSUMER_IDLE_MAX_MS
  await redis.xgroup('CREATE', 'webhook:events', 'processors', '0', 'MKSTREAM');
  await redis.xgroup('CREATECONSUMER', 'webhook:events', 'processors', 'ghost');
  for (const name of REPLICAS)
    await lab.startService('webhook-processor', { instance: name, env: { REPLICA_ID: name } });
}, 120_000);
afterAll(async () => {
  redis?.disconnect();
  await lab?.stop();
  await redisServer?.stop();
});

/**
 * Sends every event, 8 at a time with a pause (about 150 a second), to the replicas in turn; a 503 or a replica
 * that is down is sent again (to the next replica) until the event is accepted (202, or 409: accepted before).
 */
function sendAll(urls: () => string[]) {
  let accepted = 0;
  let next = 0;
  const sender = async () => {
    while (next < EVENTS) {
      const i = next++;
      const event = { eventId: `once-${i}`, topic: 'v2.routing.queues.q.conversations', payload: { i } };
      for (let attempt = 0; ; attempt++) {
        const list = urls();
        const url = list[(i + attempt) % list.length]!;
        const status = await sendWebhook(url, event).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 202 || status === 409) break;
        if (status !== 503 && status !== 0) throw new Error(`event ${i}: answered ${status}`);
        if (attempt > 600) throw new Error(`event ${i}: not accepted after ${attempt} tries`);
        await new Promise((r) => setTimeout(r, 100));
      }
      accepted++;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const done = Promise.all(Array.from({ length: 8 }, sender));
  return { accepted: () => accepted, done };
}

const effects = (): Promise<Deliveries> => deliveries(lab);
const atLeast = (what: string, min: () => number | Promise<number>, timeout = 60_000) =>
  vi.waitFor(async () => expect(await min(), what).toBeGreaterThanOrEqual(1), { timeout, interval: 100 });

describe('exactly-once effects', () => {
  it(`${EVENTS} events through two kill -9, a notifier outage past the dead-letter horizon and a Redis restart`, async () => {
    const notifier = mockAdmin(lab.url('mock-notifier'));
    // throughout: a slow notifier (batches in flight at every kill) that loses 2 % of its acknowledgements
    await notifier.addFault({ type: 'slow', delayMs: 30, jitterMs: 30 });
    await notifier.addFault({ type: 'error-rate', rate: 0.02, status: 503, afterRecording: true });
    const a = lab.app(REPLICAS[0]!);
    const b = lab.app(REPLICAS[1]!);
    const up = new Set(REPLICAS);
    const sending = sendAll(() => REPLICAS.filter((n) => up.has(n)).map((n) => lab.app(n).url));

    // 1. the first kill -9, with a batch in flight
    await atLeast('100 effects', async () => ((await effects()).effects >= 100 ? 1 : 0));
    up.delete(REPLICAS[0]!);
    await a.kill();
    await a.restart();
    up.add(REPLICAS[0]!);

    // 2. the notifier down (503 to everything) for twice the dead-letter horizon; the second kill -9 meanwhile
    await atLeast('300 effects', async () => ((await effects()).effects >= 300 ? 1 : 0));
    const outage = await notifier.addFault({ type: 'error-rate', rate: 1, status: 503 });
    const outageStart = Date.now();
    await atLeast('deliveries given back during the outage', async () => {
      const given = sumOf(
        await scrapeMetrics(`${lab.app(REPLICAS[0]!).url}/metrics`),
        'webhook_deliveries_given_back_total',
      );
      return given > 0 && Date.now() - outageStart >= OUTAGE_MS / 2 ? 1 : 0;
    });
    up.delete(REPLICAS[1]!);
    await b.kill();
    await b.restart();
    up.add(REPLICAS[1]!);
    await atLeast('the outage has lasted', () => (Date.now() - outageStart >= OUTAGE_MS ? 1 : 0), OUTAGE_MS * 2);
    expect(await redis.xlen('webhook:dead'), 'nothing dead-lettered by the outage').toBe(0);
    await notifier.removeFault(outage.id);

    // 3. Redis killed and restarted from its append-only file
    await atLeast('effects after the outage', async () => ((await effects()).effects >= 400 ? 1 : 0));
    await redisServer.kill();
    await redisServer.restart();

    await sending.done;
    expect(sending.accepted()).toBe(EVENTS);
    const final = await vi.waitFor(
      async () => {
        const d = await effects();
        expect(d.effects, 'every accepted event has had its effect').toBeGreaterThanOrEqual(EVENTS);
        return d;
      },
      { timeout: 120_000, interval: 250 },
    );
    for (const name of REPLICAS) {
      await vi.waitFor(
        async () => expect((await health(lab.app(name).url)).queue).toMatchObject({ depth: 0, pending: 0 }),
        { timeout: 30_000, interval: 200 },
      );
    }
    const settled = await deliveries(lab, true);
    const metricsA = await scrapeMetrics(`${lab.app(REPLICAS[0]!).url}/metrics`);
    const metricsB = await scrapeMetrics(`${lab.app(REPLICAS[1]!).url}/metrics`);
    const givenBack =
      sumOf(metricsA, 'webhook_deliveries_given_back_total') + sumOf(metricsB, 'webhook_deliveries_given_back_total');
    console.log(
      `exactly-once: ${EVENTS} accepted; notifier deliveries ${settled.total} (repeats ${settled.duplicates}), ` +
        `effects ${settled.effects}, duplicated effects ${settled.duplicateEffects}, dead letters ` +
        `${await redis.xlen('webhook:dead')}, deliveries given back (since the last restarts) ${givenBack}`,
    );
    expect(final.effects).toBe(EVENTS);
    expect(settled.duplicateEffects).toBe(0);
    expect(Object.keys(settled.effectsByEventId ?? {})).toHaveLength(EVENTS);
    for (let i = 0; i < EVENTS; i++) expect(settled.effectsByEventId?.[`once-${i}`], `once-${i}`).toBe(1);
    expect(settled.duplicates, 'repeats happened, and were answered without effect').toBeGreaterThan(0);
    expect(await redis.xlen('webhook:dead')).toBe(0);

    // the ghost consumer is gone from the group; the replicas are still in it
    const consumers = ((await redis.xinfo('CONSUMERS', 'webhook:events', 'processors')) as string[][]).map(
      (row) => row[1],
    );
    expect(consumers).not.toContain('ghost');
    expect(consumers).toEqual(expect.arrayContaining(REPLICAS));
  }, 300_000);
});
