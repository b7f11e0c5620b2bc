import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { freePort, type RunningMockGenesys, startMockGenesys } from '@lab/lab-runner';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createGenesysClient,
  GenesysApiError,
  type GenesysClient,
  type GenesysClientOptions,
  GenesysNetworkError,
  type RateLimitEvent,
} from '../../src/index.js';

const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
let mock: RunningMockGenesys;
let port: number;

beforeAll(async () => {
  port = await freePort();
  mock = await startMockGenesys({
    port,
    logFile: join(mkdtempSync(join(tmpdir(), 'genesys-client-it-')), 'mock-genesys.log'),
    env: {
      MOCK_LOG_LEVEL: 'warn',
      MOCK_DATA_CONVERSATIONS: '200',
      MOCK_JOB_DELAY_MS: '300',
      // Exact data: the pinned week (WEEK), no live traffic.
      MOCK_DATA_START: '2026-11-01T00:00:00.000Z',
      MOCK_LIVE_RATE: '0',
    },
  });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(async () => {
  await admin('POST', '/__admin/reset', {});
});

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  expect(response.ok).toBe(true);
  return response;
}

/** POST /oauth/token calls the mock has answered so far, whatever their status (its own server-side count). */
async function tokenRequests(): Promise<number> {
  const text = await (await admin('GET', '/metrics')).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('mock_genesys_requests_total{') && line.includes('route="/oauth/token"')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

function client(overrides: Partial<GenesysClientOptions> = {}) {
  const events: RateLimitEvent[] = [];
  const genesys = createGenesysClient({
    gateway: { host: '127.0.0.1', port, protocol: 'http' },
    clientId: 'lab-client',
    clientSecret: 'lab-secret',
    events: { emit: (event) => events.push(event) },
    ...overrides,
  });
  return { genesys, events };
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call was expected to fail');
}

describe('createGenesysClient against a real mock-genesys process', () => {
  it('makes exactly one token request for 50 concurrent calls on a cold client, and returns and emits rate limits', async () => {
    const { genesys, events } = client();
    const before = await tokenRequests();
    const responses = await Promise.all(Array.from({ length: 50 }, () => genesys.getQueues({ pageSize: 2 })));
    expect(await tokenRequests()).toBe(before + 1);

    expect(responses.every((r) => r.status === 200 && r.body.entities?.length === 2)).toBe(true);
    for (const r of responses) {
      expect(r.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.rateLimit).toMatchObject({ family: 'routing', allowed: 300 });
      expect(r.rateLimit!.remaining).toBe(300 - Number(r.headers['inin-ratelimit-count']));
    }
    // One token, counted 1..50 by the platform: every remaining value from 299 down to 250 exactly once.
    const remaining = responses.map((r) => r.rateLimit!.remaining).sort((a, b) => b - a);
    expect(remaining).toEqual(Array.from({ length: 50 }, (_, i) => 299 - i));
    expect(events).toHaveLength(50);
    expect(events[0]).toEqual({
      type: 'rate-limit-headers',
      family: 'routing',
      remaining: expect.any(Number),
      allowed: 300,
      resetSeconds: expect.any(Number),
    });
  });

  it('refreshes once when the platform expires the token, and the calls then succeed', async () => {
    const { genesys, events } = client();
    await genesys.getUsers({ pageSize: 1 });
    const before = await tokenRequests();
    await admin('POST', '/__admin/tokens/expire');

    const responses = await Promise.all(Array.from({ length: 20 }, () => genesys.getUsers({ pageSize: 1 })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await tokenRequests()).toBe(before + 1);
    // The 401 answers carried rate-limit headers too, and were reported.
    expect(events.filter((e) => e.type === 'rate-limit-headers' && e.family === 'users').length).toBeGreaterThan(20);
  });

  it('surfaces a 404 as GenesysApiError with the correlation id, headers, body and rate limit', async () => {
    const { genesys, events } = client();
    const error = await failure(genesys.getConversation('5e1b6f7a-0000-4000-8000-000000000000'));
    expect(error).toBeInstanceOf(GenesysApiError);
    const api = error as GenesysApiError;
    expect(api.status).toBe(404);
    expect(api.code).toBe('not.found');
    expect(api.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.correlationId).toBe(api.headers['inin-correlation-id']);
    expect(api.correlationId).toBe((api.body as { contextId: string }).contextId);
    expect(api.rateLimit).toMatchObject({ family: 'conversations', allowed: 300 });
    expect(events.at(-1)).toMatchObject({ type: 'rate-limit-headers', family: 'conversations' });
    expect(inspect(api, { depth: 10 })).not.toMatch(/lab-secret|Bearer|Basic/);
  });

  it('gives wrong credentials a 401 GenesysApiError, without affecting another client in the same process', async () => {
    const wrong = client({ clientSecret: 'not-the-secret' }).genesys;
    const right = client().genesys;
    const error = await failure(wrong.getUsers());
    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ status: 401, endpoint: { path: '/oauth/token' } });
    expect(inspect(error, { depth: 10 })).not.toContain('not-the-secret');
    expect((await right.getUsers({ pageSize: 1 })).status).toBe(200);
  });

  it('cancels a slow call through its AbortSignal, and enforces timeoutMs as GenesysNetworkError', async () => {
    const { genesys } = client();
    await genesys.getWfmBusinessUnits(); // warm: the token request is not slowed
    await admin('POST', '/__admin/faults', { type: 'slow', target: { family: 'workforcemanagement' }, delayMs: 3_000 });

    const started = Date.now();
    const aborted = await failure(genesys.getWfmBusinessUnits({ signal: AbortSignal.timeout(200) }));
    expect((aborted as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2_500);

    const impatient = client({ timeoutMs: 200 }).genesys;
    await impatient.getUsers({ pageSize: 1 });
    const timedOut = await failure(impatient.getWfmBusinessUnits());
    expect(timedOut).toBeInstanceOf(GenesysNetworkError);
    expect(timedOut).toMatchObject({ timedOut: true });
  });

  it('serves every typed method the services use', async () => {
    const { genesys, events } = client();
    const queues = await genesys.getQueues({ pageSize: 1 });
    const queueId = queues.body.entities![0]!.id!;
    const query = {
      interval: WEEK,
      segmentFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'queueId', value: queueId }] }],
    } as Parameters<GenesysClient['postConversationDetailsQuery']>[0];
    const details = await genesys.postConversationDetailsQuery({ ...query, paging: { pageSize: 5, pageNumber: 1 } });
    expect(details.body.totalHits).toBeGreaterThan(0);
    const conversationId = details.body.conversations![0]!.conversationId!;
    expect((await genesys.getConversation(conversationId)).body.id).toBe(conversationId);

    const job = await genesys.createDetailsJob({ interval: WEEK });
    const jobId = job.body.jobId!;
    await vi.waitFor(async () => expect((await genesys.getDetailsJob(jobId)).body.state).toBe('FULFILLED'), {
      timeout: 10_000,
      interval: 100,
    });
    const page = await genesys.getDetailsJobResults(jobId, { pageSize: 50 });
    expect(page.body.conversations).toHaveLength(50);
    const next = await genesys.getDetailsJobResults(jobId, { pageSize: 50, cursor: page.body.cursor! });
    expect(next.body.conversations![0]!.conversationId).not.toBe(page.body.conversations![0]!.conversationId);
    expect((await genesys.deleteDetailsJob(jobId)).status).toBe(202);

    const observations = await genesys.postQueueObservations({
      filter: { type: 'or', predicates: [{ dimension: 'queueId', value: queueId }] },
      metrics: ['oWaiting'],
    } as Parameters<GenesysClient['postQueueObservations']>[0]);
    expect(observations.body.results![0]!.group).toEqual({ queueId });

    const channel = await genesys.createNotificationChannel();
    expect(channel.body.connectUri).toContain(`/channels/${channel.body.id}`);
    const topics = await genesys.putChannelSubscriptions(channel.body.id!, [
      `v2.routing.queues.${queueId}.conversations`,
    ]);
    expect(topics.body.entities).toEqual([expect.objectContaining({ state: 'Permitted' })]);

    const units = await genesys.getWfmBusinessUnits();
    const buId = units.body.entities![0]!.id!;
    const weeks = await genesys.getWeekSchedules(buId, '2026-11-01');
    expect(weeks.status).toBe(200);
    const schedules = await genesys.searchAgentSchedules(buId, {
      startDate: '2026-11-02T00:00:00.000Z',
      endDate: '2026-11-03T00:00:00.000Z',
    });
    expect(schedules.body.status).toBe('Complete');

    const families = new Set(events.map((e) => (e.type === 'rate-limit-headers' ? e.family : e.type)));
    expect(families).toEqual(
      new Set(['routing', 'analytics', 'conversations', 'notifications', 'workforcemanagement']),
    );
  });
});

describe('a login host apart from the API host (login.<region> and api.<region> in real Genesys Cloud)', () => {
  it('sends the token request to the login gateway only, and every API call to the API gateway with that token', async () => {
    // The login host: a plain server on its own port that records what it is asked and passes /oauth/token on to
    // the real mock, so the token it hands out is one the mock (the API host here) accepts.
    const seen: string[] = [];
    const login = createServer(async (request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${mock.url}${request.url}`, {
        method: request.method,
        headers: {
          'content-type': String(request.headers['content-type'] ?? ''),
          authorization: String(request.headers.authorization ?? ''),
        },
        body: request.method === 'POST' ? Buffer.concat(chunks) : undefined,
        signal: AbortSignal.timeout(5_000),
      });
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    });
    const loginPort = await freePort();
    await new Promise<void>((resolve) => login.listen(loginPort, '127.0.0.1', resolve));
    try {
      const before = await tokenRequests();
      const { genesys } = client({ loginGateway: { host: '127.0.0.1', port: loginPort, protocol: 'http' } });
      const answers = await Promise.all([genesys.getQueues({ pageSize: 1 }), genesys.getUsers({ pageSize: 1 })]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      // the login host saw the one token request and nothing else; the API host answered the calls with it
      expect(seen).toEqual(['POST /oauth/token']);
      expect(await tokenRequests()).toBe(before + 1);
    } finally {
      await new Promise((resolve) => login.close(resolve));
    }
  });
});
