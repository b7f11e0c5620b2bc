import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness, WEEK } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

describe('bad input never crashes the server and is named in a Genesys error body', () => {
  it.each([
    ['malformed JSON', 'POST', '/api/v2/analytics/conversations/details/query', '{"interval": ', 400, 'body'],
    ['wrong type', 'POST', '/api/v2/analytics/conversations/details/query', { interval: 42 }, 400, 'interval'],
    ['bad page size', 'GET', '/api/v2/routing/queues?pageSize=0', undefined, 400, 'pageSize'],
    [
      'bad week id',
      'GET',
      '/api/v2/workforcemanagement/businessunits/BU/weeks/last-week/schedules',
      undefined,
      404,
      undefined,
    ],
    [
      'unknown conversation',
      'GET',
      '/api/v2/conversations/5e1b6f7a-0000-4000-8000-000000000000',
      undefined,
      404,
      undefined,
    ],
    ['unknown route', 'GET', '/api/v2/nothing/here', undefined, 404, undefined],
    [
      'subscription not a list',
      'POST',
      '/api/v2/notifications/channels/x/subscriptions',
      { id: 'v2.x' },
      404,
      undefined,
    ],
    [
      'observations without metrics',
      'POST',
      '/api/v2/analytics/queues/observations/query',
      { filter: { type: 'or' } },
      400,
      'metrics',
    ],
  ])('%s', async (_name, method, url, body, status, field) => {
    h = await harness();
    const res = await h.call(method, url, body);
    expect(res.statusCode).toBe(status);
    const json = res.json();
    expect(json).toMatchObject({ status, contextId: res.headers['inin-correlation-id'], errors: [] });
    expect(typeof json.message).toBe('string');
    if (field) expect(json.details.map((d: { fieldName: string }) => d.fieldName)).toContain(field);
    // The server still answers afterwards.
    expect((await h.call('GET', '/api/v2/users')).statusCode).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    h = await harness({ MOCK_BODY_LIMIT_BYTES: '2048' });
    const res = await h.call('POST', '/api/v2/analytics/conversations/details/query', {
      interval: WEEK,
      pad: 'x'.repeat(4_096),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.entity.too.large');
  });

  it('refuses bad OAuth requests with 400/401 bodies', async () => {
    h = await harness();
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const noAuth = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: form,
      payload: 'grant_type=client_credentials',
    });
    expect(noAuth.statusCode).toBe(401);
    const wrongSecret = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { ...form, authorization: basic('lab-client', 'nope') },
      payload: 'grant_type=client_credentials',
    });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json().code).toBe('bad.credentials');
    const wrongGrant = await h.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { ...form, authorization: basic('lab-client', 'lab-secret') },
      payload: 'grant_type=password',
    });
    expect(wrongGrant.statusCode).toBe(400);
    expect(wrongGrant.json().details[0].fieldName).toBe('grant_type');
  });

  it('validates WFM searches: reversed dates and users outside the business unit', async () => {
    h = await harness();
    const bu = h.ctx.data.businessUnits[0]!.id;
    const url = `/api/v2/workforcemanagement/businessunits/${bu}/agentschedules/search`;
    const reversed = await h.call('POST', url, { startDate: '2026-11-10T00:00:00Z', endDate: '2026-11-09T00:00:00Z' });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().details[0].fieldName).toBe('endDate');
    const stranger = await h.call('POST', url, {
      startDate: '2026-11-09T00:00:00Z',
      endDate: '2026-11-10T00:00:00Z',
      userIds: ['who'],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().details[0].fieldName).toBe('userIds');
    const week = await h.call('GET', `/api/v2/workforcemanagement/businessunits/${bu}/weeks/last-week/schedules`);
    expect(week.statusCode).toBe(400);
    expect(week.json().details[0].fieldName).toBe('weekId');
  });
});
