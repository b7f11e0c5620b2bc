import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  GiveUp,
  type RunningMockGenesys,
  type RunningNodeApp,
  type RunningProcess,
  startMockGenesys,
  startNodeApp,
  startRedis,
  waitFor,
} from '@lab/lab-runner';

/** The real processes the integration tests drive: redis-server, mock-genesys, and exporters started on demand. */
export interface Lab {
  redis: RunningProcess;
  mock: RunningMockGenesys;
  redisUrl: string;
  /** Starts the built exporter (apps/analytics-exporter/dist/main.js) on `port` over `exportDir`. */
  exporter(port: number, exportDir: string, logName: string): Promise<RunningNodeApp>;
  stop(): Promise<void>;
}

export async function startLab(logDir: string, mockEnv: Record<string, string>): Promise<Lab> {
  const redisPort = await freePort();
  const redis = await startRedis({ port: redisPort, logFile: join(logDir, 'redis.log') });
  const mock = await startMockGenesys({
    port: await freePort(),
    logFile: join(logDir, 'mock-genesys.log'),
    env: { MOCK_LOG_LEVEL: 'warn', ...mockEnv },
  }).catch(async (error) => {
    await redis.stop();
    throw error;
  });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const exporters: RunningNodeApp[] = [];
  return {
    redis,
    mock,
    redisUrl,
    exporter: async (port, exportDir, logName) => {
      const app = await startNodeApp({
        app: 'apps/analytics-exporter',
        url: `http://127.0.0.1:${port}`,
        logFile: join(logDir, logName),
        env: {
          SERVICE_PORT: String(port),
          GENESYS_URL: mock.url,
          REDIS_URL: redisUrl,
          EXPORT_DIR: exportDir,
          LOG_LEVEL: 'info',
          EXPORT_POLL_MIN_MS: '100',
          EXPORT_POLL_MAX_MS: '500',
          EXPORT_JOB_MAX_WAIT_MS: '20000',
        },
      });
      exporters.push(app);
      return app;
    },
    stop: async () => {
      for (const app of exporters.reverse()) await app.stop(2_000);
      await mock.stop();
      await redis.stop();
    },
  };
}

export async function json<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Every conversation id the mock's synchronous details query reports for `interval`, and its totalHits. */
export async function expectedIds(mockUrl: string, interval: string): Promise<{ ids: string[]; totalHits: number }> {
  const basic = Buffer.from('lab-client:lab-secret').toString('base64');
  const login = await fetch(`${mockUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(5_000),
  });
  const token = ((await login.json()) as { access_token: string }).access_token;
  const ids: string[] = [];
  let totalHits = 0;
  for (let pageNumber = 1; pageNumber <= 100; pageNumber++) {
    const page = await json<{ conversations?: { conversationId: string }[]; totalHits: number }>(
      `${mockUrl}/api/v2/analytics/conversations/details/query`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ interval, paging: { pageSize: 100, pageNumber } }),
      },
    );
    totalHits = page.totalHits;
    if (!page.conversations) break;
    ids.push(...page.conversations.map((c) => c.conversationId));
  }
  return { ids, totalHits };
}

/** The conversation ids of an NDJSON export file, in file order (every line must parse). */
export function fileIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { conversationId: string }).conversationId);
}

/** What GET /exports/:id answers (the fields the tests read). */
export interface ExportStatusBody {
  exportId: string;
  state: 'running' | 'completed' | 'failed';
  jobId: string | null;
  pagesWritten: number;
  conversationsWritten: number;
  file: string;
  resumes: number;
  error?: string;
}

/** Polls GET /exports/:id until `until` holds (bounded); gives up at once if the export failed. */
export function exportStatus(
  exporterUrl: string,
  id: string,
  until: (s: ExportStatusBody) => boolean,
  timeoutMs = 45_000,
) {
  return waitFor(
    `export ${id}`,
    async () => {
      const status = await json<ExportStatusBody>(`${exporterUrl}/exports/${id}`);
      if (status.state === 'failed') throw new GiveUp(`export ${id} failed: ${status.error}`);
      return until(status) ? status : undefined;
    },
    { timeoutMs, intervalMs: 20 },
  );
}

/** Sum of a mock metric's samples whose labels contain every `parts` string. */
export async function mockCounter(mockUrl: string, name: string, ...parts: string[]): Promise<number> {
  const text = await (await fetch(`${mockUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && parts.every((p) => line.includes(p))) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}
