import { get } from 'node:http';
import { type MockAdmin, mockAdmin, sumOf } from '@lab/lab-client';
import { type RunningLab, startLab } from '@lab/lab-runner';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: the SDK's extended responses are untyped JSON; each test asserts the shape it reads.
type Json = Record<string, any>;
/** With setReturnExtendedResponses(true) the SDK resolves and rejects with this shape. */
interface Extended<T = Json> {
  status: number;
  headers: Record<string, string>;
  body: T;
}
const extended = <T = Json>(call: Promise<unknown>) => call as Promise<Extended<T>>;
const failure = async (call: Promise<unknown>): Promise<Extended> => {
  try {
    await call;
  } catch (error) {
    return error as Extended;
  }
  throw new Error('the call was expected to fail');
};

const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
// Real toxiproxy-server (seeded) and a real mock-genesys on free ports; clients connect through lab-to-genesys.
let lab: RunningLab;
let admin: MockAdmin;
let proxyPort = 0;
const PROXY = 'lab-to-genesys';
const client = platformClient.ApiClient.instance;
const routing = new platformClient.RoutingApi();
const users = new platformClient.UsersApi();
const analytics = new platformClient.AnalyticsApi();
const conversations = new platformClient.ConversationsApi();
const notifications = new platformClient.NotificationsApi();
const wfm = new platformClient.WorkforceManagementApi();

beforeAll(async () => {
  lab = await startLab({
    services: ['mock-genesys'],
    toxiproxy: true,
    toxiproxySeed: 1,
    env: {
      'mock-genesys': {
        MOCK_LOG_LEVEL: 'warn',
        MOCK_DATA_CONVERSATIONS: '400',
        // Exact data: the pinned week (WEEK), no live traffic.
        MOCK_DATA_START: '2026-11-01T00:00:00.000Z',
        MOCK_LIVE_RATE: '0',
        MOCK_JOB_DELAY_MS: '1500',
        MOCK_HEARTBEAT_SECONDS: '0.5',
        MOCK_NOTIFICATION_EVENTS_PER_SECOND: '20',
      },
    },
  });
  admin = mockAdmin(lab.url('mock-genesys'));
  proxyPort = lab.topology.proxies.find((p) => p.name === PROXY)?.listenPort ?? 0;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: proxyPort });
  client.setReturnExtendedResponses(true);
  await client.loginClientCredentialsGrant('lab-client', 'lab-secret');
});
afterAll(async () => {
  await lab?.stop();
});

describe('the official Genesys SDK against the mock, through a real Toxiproxy', () => {
  it('logs in with client credentials and gets a token valid for 24 hours', async () => {
    const auth = await client.loginClientCredentialsGrant('lab-client', 'lab-secret');
    expect(auth.accessToken).toMatch(/^[\w-]{20,}$/);
    expect(auth.tokenExpiryTime - Date.now()).toBeGreaterThan(86_000_000);
    const wrong = await failure(client.loginClientCredentialsGrant('lab-client', 'wrong'));
    expect(wrong.status).toBe(401);
  });

  it('pages through queues and users with the paging fields', async () => {
    for (const [list, expected] of [
      [(n: number) => routing.getRoutingQueues({ pageSize: 7, pageNumber: n }), 20],
      [(n: number) => users.getUsers({ pageSize: 30, pageNumber: n }), 100],
    ] as const) {
      const ids = new Set<string>();
      for (let page = 1; page <= 20; page++) {
        const res = await extended<{ entities: { id: string }[]; total: number; nextUri?: string; pageCount: number }>(
          list(page),
        );
        expect(res.status).toBe(200);
        expect(res.headers['inin-ratelimit-allowed']).toBe('300');
        for (const e of res.body.entities) ids.add(e.id);
        expect(res.body.total).toBe(expected);
        if (!res.body.nextUri) {
          expect(page).toBe(res.body.pageCount);
          break;
        }
      }
      expect(ids.size).toBe(expected);
    }
  });

  it('runs a details query with a filter, and an async job to completion with cursor paging', async () => {
    const queues = await extended<{ entities: { id: string }[] }>(routing.getRoutingQueues({ pageSize: 1 }));
    const queueId = queues.body.entities[0]!.id;
    const query = {
      interval: WEEK,
      segmentFilters: [{ type: 'and', predicates: [{ type: 'dimension', dimension: 'queueId', value: queueId }] }],
    };
    const sync = await extended<{ totalHits: number; conversations: { conversationId: string }[] }>(
      analytics.postAnalyticsConversationsDetailsQuery({ ...query, paging: { pageSize: 100, pageNumber: 1 } } as never),
    );
    expect(sync.status).toBe(200);
    expect(sync.body.totalHits).toBeGreaterThan(0);

    const job = await extended<{ jobId: string }>(analytics.postAnalyticsConversationsDetailsJobs(query as never));
    const states: string[] = [];
    await vi.waitFor(
      async () => {
        const status = await extended<{ state: string }>(analytics.getAnalyticsConversationsDetailsJob(job.body.jobId));
        states.push(status.body.state);
        expect(status.body.state).toBe('FULFILLED');
      },
      { timeout: 4_000, interval: 100 },
    );
    expect(states[0]).toBe('QUEUED');
    expect(states.at(-1)).toBe('FULFILLED');

    const exported: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await extended<{ conversations: { conversationId: string }[]; cursor?: string }>(
        analytics.getAnalyticsConversationsDetailsJobResults(job.body.jobId, {
          pageSize: 3,
          ...(cursor ? { cursor } : {}),
        }),
      );
      exported.push(...res.body.conversations.map((c) => c.conversationId));
      cursor = res.body.cursor;
      if (!cursor) break;
    }
    expect(exported.length).toBe(sync.body.totalHits);
    expect(new Set(exported)).toEqual(new Set(sync.body.conversations.map((c) => c.conversationId)));
    await analytics.deleteAnalyticsConversationsDetailsJob(job.body.jobId);
    expect((await failure(analytics.getAnalyticsConversationsDetailsJob(job.body.jobId))).status).toBe(404);
  });

  it('fetches a conversation, and answers 404 with the Genesys body for an unknown one', async () => {
    const found = await extended<{ conversations: { conversationId: string }[] }>(
      analytics.postAnalyticsConversationsDetailsQuery({
        interval: WEEK,
        paging: { pageSize: 1, pageNumber: 1 },
      } as never),
    );
    const id = found.body.conversations[0]!.conversationId;
    const conversation = await extended<{ id: string; participants: { purpose: string }[] }>(
      conversations.getConversation(id),
    );
    expect(conversation.body.id).toBe(id);
    expect(conversation.body.participants.map((p) => p.purpose)).toContain('customer');

    const missing = await failure(conversations.getConversation('5e1b6f7a-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, code: 'not.found', details: [], errors: [] });
    expect(missing.body.contextId).toBe(missing.headers['inin-correlation-id']);
  });

  it('serves WFM schedules and agent schedule search', async () => {
    const units = await extended<{ entities: { id: string }[] }>(wfm.getWorkforcemanagementBusinessunits());
    const bu = units.body.entities[0]!.id;
    const week = await extended<{ entities: { weekDate: string; published: boolean }[] }>(
      wfm.getWorkforcemanagementBusinessunitWeekSchedules(bu, '2026-11-09'),
    );
    expect(week.body.entities[0]).toMatchObject({ weekDate: '2026-11-09', published: true });
    const search = await extended<{ status: string; result: { agentSchedules: { shifts: unknown[] }[] } }>(
      wfm.postWorkforcemanagementBusinessunitAgentschedulesSearch(bu, {
        startDate: '2026-11-09T00:00:00Z',
        endDate: '2026-11-16T00:00:00Z',
      } as never),
    );
    expect(search.body.status).toBe('Complete');
    expect(search.body.result.agentSchedules.length).toBe(100);
    expect(search.body.result.agentSchedules.some((a) => a.shifts.length > 0)).toBe(true);
  });

  it('answers a bad details query with 400 naming the field', async () => {
    const bad = await failure(
      analytics.postAnalyticsConversationsDetailsQuery({ paging: { pageSize: 1000 } } as never),
    );
    expect(bad.status).toBe(400);
    const fields = (bad.body.details as { fieldName: string }[]).map((d) => d.fieldName);
    expect(fields).toEqual(expect.arrayContaining(['interval', 'paging.pageSize']));
  });
});

describe('notifications over a WebSocket through Toxiproxy', () => {
  it('delivers subscribed conversation events, heartbeats and pong, then socket_closing before maintenance', async () => {
    const channel = await extended<{ id: string; connectUri: string }>(notifications.postNotificationsChannels());
    expect(channel.body.connectUri).toBe(`ws://127.0.0.1:${proxyPort}/channels/${channel.body.id}`);
    const queues = await extended<{ entities: { id: string }[] }>(routing.getRoutingQueues({ pageSize: 1 }));
    const topic = `v2.routing.queues.${queues.body.entities[0]!.id}.conversations`;
    const sub = await extended<{ entities: { id: string; state: string }[] }>(
      notifications.putNotificationsChannelSubscriptions(channel.body.id, [{ id: topic }]),
    );
    expect(sub.body.entities).toEqual([{ id: topic, state: 'Permitted' }]);

    const socket = new WebSocket(channel.body.connectUri);
    const frames: { topicName: string; eventBody: Record<string, unknown> }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ message: 'ping' }));
    const has = (predicate: (f: (typeof frames)[number]) => boolean) => frames.some(predicate);
    await vi.waitFor(
      () => {
        expect(has((f) => f.topicName === topic)).toBe(true);
        expect(has((f) => f.eventBody.message === 'WebSocket Heartbeat')).toBe(true);
        expect(has((f) => f.eventBody.message === 'pong')).toBe(true);
      },
      { timeout: 5_000, interval: 100 },
    );
    const event = frames.find((f) => f.topicName === topic);
    expect(event?.eventBody.id).toEqual(expect.any(String));
    expect(has((f) => f.topicName === 'channel.metadata' && f.eventBody.message === 'WebSocket Heartbeat')).toBe(true);
    expect(has((f) => f.topicName === 'channel.metadata' && f.eventBody.message === 'pong')).toBe(true);
    // The event names a real conversation: the client can enrich it.
    const looked = await extended<{ id: string }>(conversations.getConversation(String(event?.eventBody.id)));
    expect(looked.status).toBe(200);

    const maintenance = await admin.addFault({ type: 'maintenance', seconds: 2 });
    expect(maintenance.socketsClosed).toBeGreaterThanOrEqual(1);
    expect(await closed).toBe(1001);
    expect(frames.at(-1)?.topicName).toBe('v2.system.socket_closing');

    const down = await failure(routing.getRoutingQueues({ pageSize: 1 }));
    expect(down.status).toBe(503);
    expect(Number(down.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(down.body).toMatchObject({ status: 503, code: 'service.unavailable' });
    // The window ends by itself: the API answers again within its 2 s (bounded at 4 s).
    await vi.waitFor(
      async () => {
        const after = await extended(routing.getRoutingQueues({ pageSize: 1 })).then(
          (r) => r.status,
          (e: Extended) => e.status,
        );
        expect(after).toBe(200);
      },
      { timeout: 4_000, interval: 100 },
    );
  });
});

describe('rate limit and network faults', () => {
  it('answers 429 with Retry-After and the exact body once a token passes 300 calls in the window', async () => {
    const auth = await client.loginClientCredentialsGrant('lab-client', 'lab-secret'); // a fresh token: a fresh budget
    const statuses: number[] = [];
    for (let batch = 0; batch < 15; batch++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          extended(users.getUsers({ pageSize: 1 })).then(
            (r) => r.status,
            (e: Extended) => e.status,
          ),
        ),
      );
      statuses.push(...results);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    const limited = await failure(users.getUsers({ pageSize: 1 }));
    expect(limited.status).toBe(429);
    const retryAfter = limited.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(limited.body).toEqual({
      message: `Rate limit exceeded the maximum. Retry the request in [${retryAfter}] seconds`,
      code: 'too.many.requests.retry.after',
      status: 429,
      contextId: limited.headers['inin-correlation-id'],
      details: [],
      errors: [],
    });
    // On the wire the header is spelled exactly Retry-After (the Java SDK's lookup is case-sensitive).
    const raw = await new Promise<string[]>((resolve, reject) => {
      const req = get(
        `http://127.0.0.1:${proxyPort}/api/v2/users`,
        { headers: { authorization: `Bearer ${auth.accessToken}` } },
        (res) => {
          res.resume();
          resolve(res.rawHeaders);
        },
      );
      req.on('error', reject);
    });
    expect(raw).toContain('Retry-After');
    const limitedTotal = sumOf(await admin.metrics(), 'mock_genesys_rate_limited_total', {
      scope: 'token',
      family: 'users',
      client: 'lab-client',
    });
    expect(limitedTotal).toBeGreaterThanOrEqual(1);
    await client.loginClientCredentialsGrant('lab-client', 'lab-secret');
  });

  it('adds the latency of a Toxiproxy latency toxic to each call', async () => {
    const time = async () => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await routing.getRoutingQueues({ pageSize: 1 });
        samples.push(performance.now() - started);
      }
      return samples.sort((a, b) => a - b)[2]!;
    };
    const baseline = await time();
    const proxy = await lab.toxiproxy!.client.get(PROXY);
    const toxic = await proxy.addToxic({
      name: 'slow-api',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 400, jitter: 0 },
    });
    try {
      const slowed = await time();
      expect(slowed - baseline).toBeGreaterThanOrEqual(380);
      expect(slowed - baseline).toBeLessThan(1_500);
    } finally {
      await toxic.remove();
    }
    expect(await time()).toBeLessThan(baseline + 200);
  });
});
