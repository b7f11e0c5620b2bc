import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  type RunningMockGenesys,
  type RunningNodeApp,
  type RunningProcess,
  startMockGenesys,
  startNodeApp,
  startRedis,
  waitFor,
} from '@lab/lab-runner';
import { Redis } from 'ioredis';
import { signWebhook } from '../../src/signature.js';

export const SECRET = 'integration-secret';

export interface Deliveries {
  total: number;
  unique: number;
  duplicates: number;
  byEventId?: Record<string, number>;
}

/** Real processes on free loopback ports: redis-server, mock-genesys, mock-notifier; processors started on demand. */
export interface Lab {
  logDir: string;
  redis: Redis;
  redisUrl: string;
  mock: RunningMockGenesys;
  notifier: RunningNodeApp;
  /** Starts apps/webhook-processor (built) pointed at the three, with `env` on top of the test defaults. */
  startProcessor(env?: Record<string, string>, name?: string): Promise<RunningNodeApp>;
  mockAdmin(path: string, body?: unknown): Promise<Response>;
  notifierAdmin(path: string, body?: unknown): Promise<Response>;
  deliveries(byEventId?: boolean): Promise<Deliveries>;
  stop(): Promise<void>;
}

const post = (url: string, body?: unknown) =>
  fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });

export async function startLab(mockEnv: Record<string, string> = {}): Promise<Lab> {
  const logDir = mkdtempSync(join(tmpdir(), 'webhook-processor-it-'));
  const started: RunningProcess[] = [];
  const stopAll = async () => {
    for (const proc of started.reverse()) await proc.stop(2_000).catch(() => {});
  };
  try {
    const redisPort = await freePort();
    started.push(await startRedis({ port: redisPort, logFile: join(logDir, 'redis.log') }));
    const mock = await startMockGenesys({
      port: await freePort(),
      logFile: join(logDir, 'mock-genesys.log'),
      env: { MOCK_LOG_LEVEL: 'warn', MOCK_DATA_CONVERSATIONS: '200', ...mockEnv },
    });
    started.push(mock);
    const notifierPort = await freePort();
    const notifier = await startNodeApp({
      app: 'apps/mock-notifier',
      url: `http://127.0.0.1:${notifierPort}`,
      env: { SERVICE_PORT: String(notifierPort), NOTIFIER_LOG_LEVEL: 'warn' },
      logFile: join(logDir, 'mock-notifier.log'),
    });
    started.push(notifier);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    let processors = 0;
    return {
      logDir,
      redis,
      redisUrl,
      mock,
      notifier,
      startProcessor: async (env = {}, name = `webhook-processor-${++processors}`) => {
        const port = await freePort();
        const proc = await startNodeApp({
          app: 'apps/webhook-processor',
          name,
          url: `http://127.0.0.1:${port}`,
          env: {
            SERVICE_PORT: String(port),
            REDIS_URL: redisUrl,
            GENESYS_URL: mock.url,
            NOTIFIER_URL: notifier.url,
            WEBHOOK_SECRET: SECRET,
            LOG_LEVEL: 'info',
            WORKER_BLOCK_MS: '200',
            ...env,
          },
          logFile: join(logDir, `${name}.log`),
        });
        started.push(proc);
        return proc;
      },
      mockAdmin: (path, body) => post(`${mock.url}/__admin/${path}`, body),
      notifierAdmin: (path, body) => post(`${notifier.url}/__admin/${path}`, body),
      deliveries: async (byEventId = false) =>
        (await (
          await post(`${notifier.url}/__admin/deliveries${byEventId ? '?byEventId=true' : ''}`)
        ).json()) as Deliveries,
      stop: async () => {
        redis.disconnect();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** POSTs a signed webhook (or one signed with `secret`) to a processor. */
export function sendWebhook(baseUrl: string, event: Record<string, unknown>, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1_000));
  return fetch(`${baseUrl}/webhooks/genesys`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-timestamp': ts,
      'x-signature': `sha256=${signWebhook(secret, ts, body)}`,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

/** What the tests read from the processor's /healthz. */
export interface Health {
  websocket: { state: string; channelId?: string; topics: number; reconnects: number };
  worker: { state: string; inFlight: number };
  queue: { depth?: number; pending?: number; deadLetters?: number };
}

/** The processor's /healthz. */
export async function health(baseUrl: string): Promise<Health> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as Health;
}

/** One sample's value from a Prometheus/OpenMetrics text, e.g. metric(text, 'webhook_x_total{reason="y"}'). */
export function metric(text: string, sample: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1).split(' ')[0]) : 0;
}

export async function metricsOf(baseUrl: string): Promise<string> {
  return (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
}

/** Real conversation ids of the mock's data set, through its API (so that enrichment finds them). */
export async function conversationIds(mockUrl: string, count: number): Promise<string[]> {
  const token = await fetch(`${mockUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const query = await fetch(`${mockUrl}/api/v2/analytics/conversations/details/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      interval: '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
      paging: { pageSize: count, pageNumber: 1 },
    }),
  });
  const { conversations } = (await query.json()) as { conversations: { conversationId: string }[] };
  return conversations.map((c) => c.conversationId);
}

export { waitFor };
