import { type RunningLab, startLab } from '@lab/lab-runner';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: the SDK's extended responses are untyped JSON; each test asserts the shape it reads.
type Json = Record<string, any>;
interface Extended<T = Json> {
  status: number;
  headers: Record<string, string>;
  body: T;
}
const extended = <T = Json>(call: Promise<unknown>) => call as Promise<Extended<T>>;
interface Conversation {
  conversationId: string;
  conversationStart: string;
  conversationEnd?: string;
}
interface Details {
  conversations?: Conversation[];
  totalHits: number;
}

// A real mock-genesys with its defaults (the data window moves with the clock: no MOCK_DATA_START) and fast live
// traffic, asked with the official SDK as a new user would: relative intervals, nothing pinned.
let lab: RunningLab;
const client = platformClient.ApiClient.instance;
const analytics = new platformClient.AnalyticsApi();
const conversations = new platformClient.ConversationsApi();
const notifications = new platformClient.NotificationsApi();
const routing = new platformClient.RoutingApi();
const HOUR = 3_600_000;
const last = (ms: number) => `${new Date(Date.now() - ms).toISOString()}/${new Date().toISOString()}`;

beforeAll(async () => {
  lab = await startLab({
    services: ['mock-genesys'],
    env: {
      'mock-genesys': {
        MOCK_LOG_LEVEL: 'warn',
        MOCK_LIVE_RATE: '600',
        MOCK_JOB_DELAY_MS: '300',
        // Only live events on the sockets: every conversation event below is one of the live traffic.
        MOCK_NOTIFICATION_EVENTS_PER_SECOND: '0',
      },
    },
  });
  const port = Number(new URL(lab.url('mock-genesys')).port);
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
  client.setReturnExtendedResponses(true);
  await client.loginClientCredentialsGrant('lab-client', 'lab-secret');
});
afterAll(async () => {
  await lab?.stop();
});

const details = (interval: string, pageSize = 100) =>
  extended<Details>(analytics.postAnalyticsConversationsDetailsQuery({ interval, paging: { pageSize } } as never));

describe('the official SDK against the default, moving data set', () => {
  it('finds conversations in "the last 24 hours" and "the last 7 days"', async () => {
    const day = await details(last(24 * HOUR));
    const week = await details(last(7 * 24 * HOUR));
    expect(day.status).toBe(200);
    expect(day.body.totalHits).toBeGreaterThan(100); // 2 000 over the 7 days before today, plus live ones
    expect(day.body.conversations?.length).toBe(100);
    expect(week.body.totalHits).toBeGreaterThan(day.body.totalHits);
    expect(week.body.totalHits).toBeGreaterThan(1_500);
    const weekStart = Date.now() - 7 * 24 * HOUR - 60_000;
    for (const c of week.body.conversations ?? []) expect(Date.parse(c.conversationStart)).toBeGreaterThan(weekStart);
  });

  it('runs an async job over the last day and pages its results by cursor, each conversation once', async () => {
    const interval = last(24 * HOUR);
    const before = (await details(interval, 1)).body.totalHits;
    const job = await extended<{ jobId: string }>(
      analytics.postAnalyticsConversationsDetailsJobs({ interval } as never),
    );
    const after = (await details(interval, 1)).body.totalHits;
    await vi.waitFor(
      async () => {
        const status = await extended<{ state: string }>(analytics.getAnalyticsConversationsDetailsJob(job.body.jobId));
        expect(status.body.state).toBe('FULFILLED');
      },
      { timeout: 5_000, interval: 100 },
    );
    const ids: string[] = [];
    let pages = 0;
    let cursor: string | undefined;
    for (; pages < 50; ) {
      const page = await extended<{ conversations: Conversation[]; cursor?: string }>(
        analytics.getAnalyticsConversationsDetailsJobResults(job.body.jobId, {
          pageSize: 100,
          ...(cursor ? { cursor } : {}),
        }),
      );
      pages++;
      ids.push(...page.body.conversations.map((c) => c.conversationId));
      cursor = page.body.cursor;
      if (!cursor) break;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(ids.length);
    // The job's set is fixed at submission: between what the query saw just before and just after.
    expect(ids.length).toBeGreaterThanOrEqual(before);
    expect(ids.length).toBeLessThanOrEqual(after);
  });

  it('hears a live conversation on a queue topic and fetches it through GET /api/v2/conversations/{id}', async () => {
    const queues = await extended<{ entities: { id: string }[] }>(routing.getRoutingQueues({ pageSize: 100 }));
    const channel = await extended<{ id: string; connectUri: string }>(notifications.postNotificationsChannels());
    const topics = queues.body.entities.map((q) => ({ id: `v2.routing.queues.${q.id}.conversations` }));
    const sub = await extended<{ entities: { state: string }[] }>(
      notifications.putNotificationsChannelSubscriptions(channel.body.id, topics),
    );
    expect(sub.body.entities.every((e) => e.state === 'Permitted')).toBe(true);

    const socket = new WebSocket(channel.body.connectUri);
    const events: { topicName: string; eventBody: { id: string; participants: { state: string }[] } }[] = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      if (String(frame.topicName).endsWith('.conversations')) events.push(frame);
    });
    try {
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      await vi.waitFor(() => expect(events.length).toBeGreaterThan(0), { timeout: 15_000, interval: 50 });
      const id = events[0]!.eventBody.id;
      const found = await extended<{ id: string; state: string; startTime: string }>(conversations.getConversation(id));
      expect(found.status).toBe(200);
      expect(found.body.id).toBe(id);
      expect(['connected', 'disconnected']).toContain(found.body.state);
      // It started just now, so it is in "the last hour" of the details query too.
      const byId = await extended<Details>(
        analytics.postAnalyticsConversationsDetailsQuery({
          interval: `${new Date(Date.now() - HOUR).toISOString()}/${new Date(Date.now() + 60_000).toISOString()}`,
          conversationFilters: [
            { type: 'and', predicates: [{ type: 'dimension', dimension: 'conversationId', value: id }] },
          ],
        } as never),
      );
      expect(byId.body.conversations?.map((c) => c.conversationId)).toEqual([id]);
      expect(Date.parse(found.body.startTime)).toBeGreaterThan(Date.now() - HOUR);
    } finally {
      socket.close();
    }
  });
});
