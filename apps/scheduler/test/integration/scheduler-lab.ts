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

/** Real processes on 127.0.0.1 for the scheduler's integration tests: one Redis, the mock Genesys, N schedulers. */
export interface SchedulerLab {
  redisUrl: string;
  mock: RunningMockGenesys;
  schedulers: RunningNodeApp[];
  logDir: string;
  /** POST (or GET without a body) on the mock's admin API; throws unless 2xx. */
  admin(path: string, body?: unknown): Promise<unknown>;
  /** Sum of a mock_genesys_* counter over the lines whose labels contain `labels`. */
  mockCounter(name: string, labels: string): Promise<number>;
  stop(): Promise<void>;
}

export const AGENT_SEARCH_ROUTE =
  'route="/api/v2/workforcemanagement/businessunits/:businessUnitId/agentschedules/search"';

export async function startSchedulerLab(name: string, replicas: number): Promise<SchedulerLab> {
  const logDir = mkdtempSync(join(tmpdir(), `scheduler-it-${name}-`));
  const started: RunningProcess[] = [];
  const stop = async () => {
    for (const proc of started.reverse()) await proc.stop();
  };
  try {
    const redisPort = await freePort();
    started.push(await startRedis({ port: redisPort, logFile: join(logDir, 'redis.log') }));
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const mock = await startMockGenesys({
      port: await freePort(),
      logFile: join(logDir, 'mock-genesys.log'),
      env: { MOCK_LOG_LEVEL: 'warn', MOCK_DATA_USERS: '20', MOCK_DATA_CONVERSATIONS: '50' },
    });
    started.push(mock);
    const schedulers: RunningNodeApp[] = [];
    for (let i = 1; i <= replicas; i++) {
      const port = await freePort();
      const scheduler = await startNodeApp({
        app: 'apps/scheduler',
        name: `scheduler-${i}`,
        url: `http://127.0.0.1:${port}`,
        logFile: join(logDir, `scheduler-${i}.log`),
        env: {
          SERVICE_HOST: '127.0.0.1',
          SERVICE_PORT: String(port),
          GENESYS_URL: mock.url,
          REDIS_URL: redisUrl,
          REPLICA_ID: `scheduler-${i}`,
          // Only the first pull at start and the ones a test triggers.
          PULL_INTERVAL_SECONDS: '3600',
          RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { retry: { initialDelayMs: 50, maxDelayMs: 200 } } }),
        },
      });
      started.push(scheduler);
      schedulers.push(scheduler);
    }

    const admin = async (path: string, body?: unknown) => {
      const response = await fetch(`${mock.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`mock admin ${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
    const mockCounter = async (metric: string, labels: string) => {
      const text = await (await fetch(`${mock.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${metric}{`) && line.includes(labels))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    };
    return { redisUrl, mock, schedulers, logDir, admin, mockCounter, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** GET /pulls/last. */
export interface PullsLast {
  running: boolean;
  last: { outcome: string; guard: string; startedAt: string; durationMs: number; error?: { reason: string } } | null;
  totals: Record<string, number>;
}

/** GET /schedules/current (200). */
export interface CurrentSchedule {
  businessUnitId: string;
  weekId: string;
  schedules: { id: string; weekDate: string }[];
  agentSchedules: { user: { id: string }; shifts: unknown[] }[];
  pulledAt: string;
  stale: boolean;
  lastError?: { call: string; reason: string };
}

/** GET a scheduler path as JSON, with its status, bounded in time. */
export async function getJson<T>(url: string, timeoutMs = 5_000): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: (await response.json()) as T };
}

/** POST /pulls on a scheduler. */
export async function triggerPull(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/pulls`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

/** Waits (bounded) for a pull that started at or after `since` to end on the scheduler at `url`. */
export async function pullEndedSince(url: string, since: number, timeoutMs = 20_000) {
  return waitFor(
    `a pull started after ${new Date(since).toISOString()} to end on ${url}`,
    async () => {
      const { body } = await getJson<PullsLast>(`${url}/pulls/last`);
      return body.last && !body.running && Date.parse(body.last.startedAt) >= since ? body.last : undefined;
    },
    { timeoutMs, intervalMs: 50 },
  );
}
