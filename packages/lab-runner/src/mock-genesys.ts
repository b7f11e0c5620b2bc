import { type RunningNodeApp, startNodeApp } from './node-app.js';

export interface MockGenesysOptions {
  port: number;
  host?: string;
  logFile: string;
  /** Extra MOCK_* settings (see apps/mock-genesys/README.md). */
  env?: Record<string, string>;
}

export type RunningMockGenesys = RunningNodeApp;

/** Starts apps/mock-genesys (built) as its own Node process. */
export function startMockGenesys(options: MockGenesysOptions): Promise<RunningMockGenesys> {
  const host = options.host ?? '127.0.0.1';
  return startNodeApp({
    app: 'apps/mock-genesys',
    url: `http://${host}:${options.port}`,
    env: { SERVICE_HOST: host, SERVICE_PORT: String(options.port), ...options.env },
    logFile: options.logFile,
  });
}

/** An access token from the mock's client-credentials grant (the mock's seeded client by default). */
export async function mockGenesysToken(baseUrl: string, client = 'lab-client', secret = 'lab-secret'): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`POST ${baseUrl}/oauth/token answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** The interval the mock's generated conversations start in, as its `GET /__admin/state` says (loopback only). */
export async function mockDataInterval(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/__admin/state`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET ${baseUrl}/__admin/state answered ${response.status}`);
  return ((await response.json()) as { data: { interval: string } }).data.interval;
}

/**
 * The first `count` real conversation ids of the mock's data set in `interval` (by default the mock's own data
 * window, which moves with the clock unless MOCK_DATA_START pins it), through its details query.
 */
export async function mockConversationIds(baseUrl: string, count: number, interval?: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v2/analytics/conversations/details/query`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await mockGenesysToken(baseUrl)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      interval: interval ?? (await mockDataInterval(baseUrl)),
      paging: { pageSize: count, pageNumber: 1 },
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`details query answered ${response.status}`);
  const { conversations } = (await response.json()) as { conversations: { conversationId: string }[] };
  return conversations.map((c) => c.conversationId);
}
