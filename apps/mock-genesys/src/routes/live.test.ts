import { afterEach, describe, expect, it } from 'vitest';
import type { LiveChange } from '../data/live-traffic.js';
import type { AnalyticsConversation } from '../data/types.js';
import { liveEventFor } from '../notifications/events.js';
import { checkTopic } from '../notifications/topics.js';
import { type Harness, harness, testClock } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

const DETAILS = '/api/v2/analytics/conversations/details/query';
const JOBS = '/api/v2/analytics/conversations/details/jobs';
const OBSERVATIONS = '/api/v2/analytics/queues/observations/query';
const MINUTE = 60_000;
// The mock starts on 2027-03-10 at 09:00:20 UTC with the default moving window and live traffic on.
const clock = () => testClock(Date.parse('2027-03-10T09:00:20.000Z'));
const live = (c: ReturnType<typeof clock>, env: Record<string, string> = {}) =>
  harness({ MOCK_DATA_START: '', MOCK_LIVE_RATE: '10', MOCK_JOB_DELAY_MS: '0', ...env }, c.now);
const lastHours = (c: ReturnType<typeof clock>, hours: number) =>
  `${new Date(c.now() - hours * 3_600_000).toISOString()}/${new Date(c.now()).toISOString()}`;
type Details = { conversations?: AnalyticsConversation[]; totalHits: number };
/** The live conversations that started in `interval` (today's, filled in or since the start). */
const liveIn = (interval: string) => {
  const [start, end] = interval.split('/').map((t) => Date.parse(t)) as [number, number];
  return h.ctx.traffic.conversations().filter((x) => {
    const t = Date.parse(x.conversationStart);
    return t >= start && t < end;
  });
};

describe('live conversations through the API', { timeout: 30_000 }, () => {
  it('covers the last MOCK_DATA_DAYS days by default, and live conversations since the mock started', async () => {
    const c = clock();
    h = await live(c);
    expect(h.ctx.data.window).toEqual({
      start: Date.parse('2027-03-03T00:00:00Z'),
      end: Date.parse('2027-03-10T00:00:00Z'),
    });
    const yesterday = await h.call('POST', DETAILS, { interval: '2027-03-09T00:00:00Z/2027-03-10T00:00:00Z' });
    expect((yesterday.json() as Details).totalHits).toBeGreaterThan(20); // the harness has 300 over 7 days
    c.advance(10 * MINUTE);
    const hour = lastHours(c, 1);
    const recent = (await h.call('POST', DETAILS, { interval: hour, paging: { pageSize: 100 } })).json();
    const started = liveIn(hour);
    expect(started.length).toBeGreaterThan(100);
    expect(recent.totalHits).toBe(started.length);
    expect(recent.conversations.map((x: AnalyticsConversation) => x.conversationId)).toEqual(
      started.slice(0, 100).map((x) => x.conversationId),
    );
    // Some are still going on: the query shows them without conversationEnd, their open segments without an end.
    const going = started.find((x) => x.conversationEnd === undefined)!;
    const byId = await h.call('POST', DETAILS, {
      interval: hour,
      conversationFilters: [
        { type: 'and', predicates: [{ dimension: 'conversationId', value: going.conversationId }] },
      ],
    });
    const shown = (byId.json() as Details).conversations![0]!;
    expect(shown.conversationEnd).toBeUndefined();
    expect(shown.participants.flatMap((p) => p.sessions.flatMap((x) => x.segments)).some((g) => !g.segmentEnd)).toBe(
      true,
    );
    // The last 24 hours: yesterday's tail from the data set and today's live conversations, in start order.
    const day = (await h.call('POST', DETAILS, { interval: lastHours(c, 24) })).json() as Details;
    expect(day.totalHits).toBeGreaterThan(liveIn(lastHours(c, 24)).length);
    // The same body later answers what has changed since (a new version of the traffic), not a stale copy.
    const ahead = `${new Date(c.now() - 3_600_000).toISOString()}/${new Date(c.now() + 3_600_000).toISOString()}`;
    const body = JSON.stringify({ interval: ahead, paging: { pageSize: 1, pageNumber: 1 } });
    const before = (await h.call('POST', DETAILS, body)).json() as Details;
    expect(before.totalHits).toBe(liveIn(ahead).length); // none of the next hour's yet
    c.advance(MINUTE);
    const after = (await h.call('POST', DETAILS, body)).json() as Details;
    expect(after.totalHits).toBeGreaterThan(before.totalHits);
    expect(after.totalHits).toBe(liveIn(ahead).length);
  });

  it('resolves live ids through GET /api/v2/conversations/{id}, connected while going on, then disconnected', async () => {
    const c = clock();
    h = await live(c);
    const startedAt = c.now();
    c.advance(2 * MINUTE);
    const first = h.ctx.traffic.conversations().find((x) => Date.parse(x.conversationStart) >= startedAt)!;
    const now = await h.call('GET', `/api/v2/conversations/${first.conversationId}`);
    expect(now.statusCode).toBe(200);
    expect(now.json()).toMatchObject({ id: first.conversationId, startTime: first.conversationStart });
    const wasOpen = h.ctx.traffic.get(first.conversationId)!.conversationEnd === undefined;
    if (wasOpen) expect(now.json()).toMatchObject({ state: 'connected' });
    if (wasOpen) expect(now.json().endTime).toBeUndefined();
    c.advance(40 * MINUTE);
    const later = (await h.call('GET', `/api/v2/conversations/${first.conversationId}`)).json();
    expect(later).toMatchObject({
      state: 'disconnected',
      endTime: h.ctx.traffic.get(first.conversationId)!.conversationEnd,
    });
    expect(later.endTime).toBeDefined();
  });

  it('fixes a job at submission, from the interval: later conversations are in a later job only', async () => {
    const c = clock();
    h = await live(c);
    c.advance(5 * MINUTE);
    const interval = lastHours(c, 24);
    const first = (await h.call('POST', JOBS, { interval })).json().jobId;
    c.advance(5 * MINUTE);
    const second = (await h.call('POST', JOBS, { interval: lastHours(c, 24) })).json().jobId;
    const all = async (jobId: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = await h.call('GET', `${JOBS}/${jobId}/results?pageSize=100${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        ids.push(...res.json().conversations.map((x: AnalyticsConversation) => x.conversationId));
        cursor = res.json().cursor;
        if (!cursor) return ids;
      }
      throw new Error('more than 50 pages');
    };
    const a = await all(first);
    const b = await all(second);
    expect(b.length).toBeGreaterThan(a.length);
    const liveIds = new Set(h.ctx.traffic.conversations().map((x) => x.conversationId));
    expect(a.filter((id) => liveIds.has(id)).length).toBeGreaterThan(0);
    expect(b.filter((id) => liveIds.has(id)).length).toBeGreaterThan(a.filter((id) => liveIds.has(id)).length);
  });

  it('expires a job results cursor after MOCK_JOB_CURSOR_TTL_SECONDS, with a 400 naming cursor', async () => {
    const c = clock();
    h = await live(c, { MOCK_JOB_CURSOR_TTL_SECONDS: '60' });
    const jobId = (await h.call('POST', JOBS, { interval: '2027-03-09T00:00:00Z/2027-03-10T00:00:00Z' })).json().jobId;
    const page = (await h.call('GET', `${JOBS}/${jobId}/results?pageSize=10`)).json();
    expect(page.cursor).toBeDefined();
    c.advance(59_000);
    expect((await h.call('GET', `${JOBS}/${jobId}/results?pageSize=10&cursor=${page.cursor}`)).statusCode).toBe(200);
    c.advance(2_000);
    const expired = await h.call('GET', `${JOBS}/${jobId}/results?pageSize=10&cursor=${page.cursor}`);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().details).toEqual([{ errorCode: 'invalid.value', fieldName: 'cursor' }]);
    expect(expired.json().message).toMatch(/expired/);
  });

  it('counts waiting and interacting in queue observations from the live conversations', async () => {
    const c = clock();
    h = await live(c, { MOCK_LIVE_RATE: '60' });
    c.advance(5 * MINUTE);
    const queueIds = h.ctx.data.queues.map((q) => q.id);
    const res = await h.call('POST', OBSERVATIONS, {
      filter: { type: 'or', predicates: queueIds.map((value) => ({ dimension: 'queueId', value })) },
      metrics: ['oWaiting', 'oInteracting'],
    });
    expect(res.statusCode).toBe(200);
    let total = 0;
    for (const result of res.json().results) {
      const expected = h.ctx.traffic.queueCounts(result.group.queueId);
      expect(result.data).toEqual([
        { metric: 'oWaiting', stats: { count: expected.waiting } },
        { metric: 'oInteracting', stats: { count: expected.interacting } },
      ]);
      total += expected.waiting + expected.interacting;
    }
    expect(total).toBeGreaterThan(0);
  });

  it('makes notification events of live changes on the topics that follow them; their ids resolve', async () => {
    const c = clock();
    h = await live(c);
    const changes: LiveChange[] = [];
    h.ctx.traffic.onChange((change) => changes.push(change));
    c.advance(30 * MINUTE);
    h.ctx.traffic.sync();
    // One whose whole life came after the start (the part of today before it was filled in without events).
    const began = new Set(changes.filter((x) => x.phase === 'waiting').map((x) => x.conversation.conversationId));
    const ended = changes.find((x) => x.phase === 'ended' && x.userId && began.has(x.conversation.conversationId))!;
    const id = ended.conversation.conversationId;
    const isConversation = (x: string) => !!h.ctx.traffic.get(x);
    const topic = (name: string) => {
      const check = checkTopic(name, h.ctx.data, isConversation);
      if (!check.ok) throw new Error(check.reason);
      return check.parsed;
    };
    const queueTopic = topic(`v2.routing.queues.${ended.queueId}.conversations`);
    const userTopic = topic(`v2.users.${ended.userId}.conversations`);
    const endTopic = topic(`v2.detail.events.conversation.${id}.customer.end`);
    const mine = changes.filter((x) => x.conversation.conversationId === id);
    expect(mine.map((x) => liveEventFor(queueTopic, x)?.eventBody.id)).toEqual(mine.map(() => id));
    // The agent's topic hears of it once the agent has it; customer.end only at the end.
    expect(liveEventFor(userTopic, mine[0]!)).toBeUndefined();
    expect(liveEventFor(userTopic, mine[1]!)?.eventBody.id).toBe(id);
    expect(mine.map((x) => liveEventFor(endTopic, x)?.eventBody.conversationId)).toEqual([
      ...mine.slice(0, -1).map(() => undefined),
      id,
    ]);
    const other = topic(`v2.routing.queues.${h.ctx.data.queues.find((q) => q.id !== ended.queueId)!.id}.conversations`);
    expect(liveEventFor(other, mine[0]!)).toBeUndefined();
    for (const change of changes.slice(0, 20)) {
      const res = await h.call('GET', `/api/v2/conversations/${change.conversation.conversationId}`);
      expect(res.statusCode).toBe(200);
    }
  });
});
