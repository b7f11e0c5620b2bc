import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsConversation } from '../data/types.js';
import { type Harness, harness, testClock, WEEK } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

const DETAILS = '/api/v2/analytics/conversations/details/query';
const JOBS = '/api/v2/analytics/conversations/details/jobs';

describe('conversation details query', () => {
  it('pages through every conversation of the interval in start order, each once', async () => {
    h = await harness();
    const seen: AnalyticsConversation[] = [];
    let total = 0;
    for (let page = 1; page <= 20; page++) {
      const res = await h.call('POST', DETAILS, { interval: WEEK, paging: { pageSize: 100, pageNumber: page } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { conversations?: AnalyticsConversation[]; totalHits: number };
      total = body.totalHits;
      if (!body.conversations) break;
      seen.push(...body.conversations);
    }
    expect(total).toBe(300);
    expect(new Set(seen.map((c) => c.conversationId)).size).toBe(300);
    const starts = seen.map((c) => c.conversationStart);
    expect(starts).toEqual([...starts].sort());
  });

  it('filters by conversationId, queueId and mediaType', async () => {
    h = await harness();
    const some = h.ctx.data.conversations[17]!;
    const byId = await h.call('POST', DETAILS, {
      interval: WEEK,
      conversationFilters: [{ type: 'and', predicates: [{ dimension: 'conversationId', value: some.conversationId }] }],
    });
    expect(byId.json().conversations.map((c: AnalyticsConversation) => c.conversationId)).toEqual([
      some.conversationId,
    ]);

    const queueId = h.ctx.data.queues[0]!.id;
    const filtered = await h.call('POST', DETAILS, {
      interval: WEEK,
      paging: { pageSize: 100 },
      segmentFilters: [
        {
          type: 'and',
          predicates: [
            { dimension: 'queueId', value: queueId },
            { dimension: 'mediaType', value: 'chat' },
          ],
        },
      ],
    });
    const found = filtered.json().conversations as AnalyticsConversation[];
    expect(found.length).toBeGreaterThan(0);
    for (const c of found) {
      const sessions = c.participants.flatMap((p) => p.sessions);
      expect(sessions.every((s) => s.mediaType === 'chat')).toBe(true);
      expect(sessions.some((s) => s.segments.some((seg) => seg.queueId === queueId))).toBe(true);
    }
    const expected = h.ctx.data.conversations.filter(
      (c) =>
        c.participants[0]!.sessions[0]!.mediaType === 'chat' &&
        c.participants.some((p) => p.sessions.some((s) => s.segments.some((seg) => seg.queueId === queueId))),
    );
    expect(filtered.json().totalHits).toBe(expected.length);
  });

  it('answers an interval with no data with totalHits 0 and no conversations field', async () => {
    h = await harness();
    const res = await h.call('POST', DETAILS, { interval: '2020-01-01T00:00:00Z/2020-01-02T00:00:00Z' });
    expect(res.json()).toEqual({ totalHits: 0 });
  });

  it('answers a body it has answered before with the same bytes, and refuses a bad body every time', async () => {
    h = await harness();
    const text = JSON.stringify({ interval: WEEK, paging: { pageSize: 5, pageNumber: 2 } });
    const first = await h.call('POST', DETAILS, text);
    const again = await h.call('POST', DETAILS, text);
    expect(first.statusCode).toBe(200);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const expected = h.ctx.data.conversations.slice(5, 10).map((c) => c.conversationId);
    expect(again.json().conversations.map((c: AnalyticsConversation) => c.conversationId)).toEqual(expected);
    // Neither a malformed body nor an empty one is remembered: each attempt is refused, naming the field.
    for (const [body, field] of [
      ['{"interval": ', 'body'],
      ['{"interval": ', 'body'],
      ['', 'interval'],
      ['', 'interval'],
    ] as const) {
      const res = await h.call('POST', DETAILS, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().details.map((d: { fieldName: string }) => d.fieldName)).toContain(field);
    }
  });

  it('names the bad field: missing interval, reversed interval, unknown dimension, page too big', async () => {
    h = await harness();
    const cases: [unknown, string][] = [
      [{}, 'interval'],
      [{ interval: '2026-11-08T00:00:00Z/2026-11-01T00:00:00Z' }, 'interval'],
      [
        { interval: WEEK, segmentFilters: [{ type: 'and', predicates: [{ dimension: 'colour', value: 'x' }] }] },
        'segmentFilters.0.predicates.0.dimension',
      ],
      [{ interval: WEEK, paging: { pageSize: 101 } }, 'paging.pageSize'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', DETAILS, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('bad.request');
      expect(res.json().details.map((d: { fieldName: string }) => d.fieldName)).toContain(field);
      expect(res.json().message).toContain(field);
    }
  });
});

describe('async details jobs', () => {
  it('goes QUEUED, PENDING, FULFILLED and pages results by cursor without loss or repeats', async () => {
    const clock = testClock();
    h = await harness({ MOCK_JOB_DELAY_MS: '2000' }, clock.now);
    const created = await h.call('POST', JOBS, { interval: WEEK });
    expect(created.statusCode).toBe(202);
    const { jobId } = created.json();
    expect((await h.call('GET', `${JOBS}/${jobId}`)).json().state).toBe('QUEUED');
    const early = await h.call('GET', `${JOBS}/${jobId}/results`);
    expect(early.statusCode).toBe(400);
    expect(early.json().code).toBe('job.not.fulfilled');
    clock.advance(1_000);
    expect((await h.call('GET', `${JOBS}/${jobId}`)).json().state).toBe('PENDING');
    clock.advance(1_000);
    const done = (await h.call('GET', `${JOBS}/${jobId}`)).json();
    expect(done.state).toBe('FULFILLED');
    expect(done.completionDate).toBeDefined();

    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const res = await h.call('GET', `${JOBS}/${jobId}/results?pageSize=70${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      ids.push(...body.conversations.map((c: AnalyticsConversation) => c.conversationId));
      cursor = body.cursor;
      if (!cursor) break;
    }
    expect(ids.length).toBe(300);
    expect(new Set(ids).size).toBe(300);

    expect((await h.call('DELETE', `${JOBS}/${jobId}`)).statusCode).toBe(202);
    expect((await h.call('GET', `${JOBS}/${jobId}`)).statusCode).toBe(404);
  });

  it('refuses a cursor that another job issued', async () => {
    h = await harness({ MOCK_JOB_DELAY_MS: '0' });
    const a = (await h.call('POST', JOBS, { interval: WEEK })).json().jobId;
    const b = (await h.call('POST', JOBS, { interval: WEEK })).json().jobId;
    const cursor = (await h.call('GET', `${JOBS}/${a}/results?pageSize=10`)).json().cursor;
    const res = await h.call('GET', `${JOBS}/${b}/results?cursor=${cursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].fieldName).toBe('cursor');
  });
});
