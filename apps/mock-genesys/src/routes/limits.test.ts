import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LIMITS } from '../limits.js';
import { type Harness, harness, WEEK } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

type Body = { details: { fieldName: string }[]; limit?: { key: string; value: number } };
const named = (body: Body) => ({ fields: body.details.map((d) => d.fieldName), limit: body.limit });
const predicates = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ dimension: 'queueId', operator: 'matches', value: `q-${i}` }));

describe('bounded work per request: a request over a bound is a 400 naming the field and the limit', () => {
  it('WFM agent schedule search: userIds, days, and users × days', async () => {
    h = await harness({ MOCK_DATA_USERS: '120' });
    const bu = h.ctx.data.businessUnits[0]!;
    const url = `/api/v2/workforcemanagement/businessunits/${bu.id}/agentschedules/search`;
    const month = { startDate: '2026-11-01T00:00:00Z', endDate: '2026-12-02T00:00:00Z' };
    const ids = await h.call('POST', url, { ...month, userIds: bu.userIds.slice(0, 101) });
    expect(ids.statusCode).toBe(400);
    expect(named(ids.json())).toEqual({
      fields: ['userIds'],
      limit: { key: 'wfmSearchUserIds', namespace: 'mock-genesys', value: LIMITS.wfmSearchUserIds },
    });
    const long = await h.call('POST', url, { startDate: month.startDate, endDate: '2026-12-03T00:00:00Z' });
    expect(long.statusCode).toBe(400);
    expect(named(long.json()).fields).toEqual(['endDate']);
    expect(named(long.json()).limit?.key).toBe('wfmSearchDays');
    // No userIds: every user of the unit (120) over 31 days is 3 720 agent-days, over 3 100.
    const all = await h.call('POST', url, month);
    expect(all.statusCode).toBe(400);
    expect(named(all.json()).limit).toMatchObject({ key: 'wfmSearchAgentDays', value: LIMITS.wfmSearchAgentDays });
    const within = await h.call('POST', url, { ...month, userIds: bu.userIds.slice(0, 100) });
    expect(within.statusCode).toBe(200);
    expect(within.json().result.agentSchedules).toHaveLength(100);
  });

  it('a search at the bound yields the event loop while it works (one turn per user at least)', async () => {
    h = await harness({ MOCK_DATA_USERS: '100' });
    const bu = h.ctx.data.businessUnits[0]!;
    // Counts event-loop turns while the search runs: built in one go it would leave a handful; built user by
    // user, with a yield between them, at least one per user.
    let turns = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const res = await h.call('POST', `/api/v2/workforcemanagement/businessunits/${bu.id}/agentschedules/search`, {
      startDate: '2026-11-01T00:00:00Z',
      endDate: '2026-12-02T00:00:00Z',
    });
    running = false;
    expect(res.statusCode).toBe(200);
    expect(res.json().result.agentSchedules).toHaveLength(100);
    expect(turns).toBeGreaterThanOrEqual(100);
  });

  it('details query and job: at most 100 predicates over every filter and clause', async () => {
    h = await harness();
    const filters = [
      { type: 'or', predicates: predicates(60) },
      { type: 'and', clauses: [{ type: 'or', predicates: predicates(41) }] },
    ];
    for (const url of [
      '/api/v2/analytics/conversations/details/query',
      '/api/v2/analytics/conversations/details/jobs',
    ]) {
      const res = await h.call('POST', url, { interval: WEEK, segmentFilters: filters });
      expect(res.statusCode, url).toBe(400);
      expect(named(res.json()).limit?.key, url).toBe('detailsPredicates');
    }
    const fine = await h.call('POST', '/api/v2/analytics/conversations/details/query', {
      interval: WEEK,
      segmentFilters: [{ type: 'or', predicates: predicates(100) }],
    });
    expect(fine.statusCode).toBe(200);
  });

  it('queue observations: at most 100 predicates; subscriptions: at most 1 000 topics in one request', async () => {
    h = await harness();
    const obs = await h.call('POST', '/api/v2/analytics/queues/observations/query', {
      filter: { type: 'or', predicates: predicates(101) },
      metrics: ['oWaiting'],
    });
    expect(obs.statusCode).toBe(400);
    expect(named(obs.json())).toMatchObject({ fields: ['filter.predicates'], limit: { key: 'observationPredicates' } });
    const channel = (await h.call('POST', '/api/v2/notifications/channels')).json().id;
    const topics = Array.from({ length: 1_001 }, (_, i) => ({ id: `v2.users.u-${i}.conversations` }));
    const sub = await h.call('POST', `/api/v2/notifications/channels/${channel}/subscriptions`, topics);
    expect(sub.statusCode).toBe(400);
    expect(named(sub.json()).limit).toMatchObject({ key: 'channelTopics', value: 1_000 });
  });

  it('keeps at most 100 details jobs and 1 000 tokens per client, dropping the oldest', async () => {
    h = await harness({ MOCK_TOKEN_RATE_LIMIT: '100000', MOCK_ORG_RATE_LIMIT: '100000' });
    const jobs: string[] = [];
    for (let i = 0; i <= LIMITS.jobsKept; i++) {
      jobs.push(
        (await h.call('POST', '/api/v2/analytics/conversations/details/jobs', { interval: WEEK })).json().jobId,
      );
    }
    const jobUrl = (id: string | undefined) => `/api/v2/analytics/conversations/details/jobs/${id}`;
    expect((await h.call('GET', jobUrl(jobs[0]))).statusCode).toBe(404);
    expect((await h.call('GET', jobUrl(jobs[1]))).statusCode).toBe(200);
    // The harness's token is the first; 1 000 more revoke it.
    for (let i = 0; i < LIMITS.tokensPerClient; i++) h.ctx.tokens.issue(h.ctx.config.MOCK_CLIENTS[0]!);
    expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(401);
  });
});

describe('the notification WebSocket', () => {
  it('refuses an upgrade on any other path over HTTP, before the handshake', async () => {
    h = await harness();
    const res = await h.call('GET', '/api/v2/users', undefined, { connection: 'upgrade', upgrade: 'websocket' });
    expect(res.statusCode).toBe(400);
    expect(named(res.json()).fields).toEqual(['upgrade']);
  });

  it('refuses an unknown channel before the upgrade, and closes a socket sent an oversized frame (1009)', async () => {
    h = await harness();
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const refused = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/channels/streaming-0-unknown`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgraded an unknown channel')));
      ws.on('error', () => {});
    });
    expect(refused).toBe(404);
    const channel = (await h.call('POST', '/api/v2/notifications/channels')).json().id;
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/channels/${channel}`);
      ws.on('open', () => ws.send('x'.repeat(LIMITS.socketFrameBytes + 1)));
      ws.on('close', (closeCode) => resolve(closeCode));
      ws.on('error', () => {});
    });
    expect(code).toBe(1009);
  });
});
