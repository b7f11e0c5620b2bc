import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness, WEEK } from '../testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

const fieldsOf = (json: { details: { fieldName: string }[] }) => json.details.map((d) => d.fieldName);

describe('router and body-reader errors answer the Genesys body, contextId included', () => {
  it('a malformed URL is a 400 naming the path, with a contextId equal to inin-correlation-id', async () => {
    h = await harness();
    const res = await h.call('GET', '/api/v2/users/%ZZ');
    expect(res.statusCode).toBe(400);
    const json = res.json();
    expect(json).toMatchObject({ status: 400, code: 'bad.request', errors: [] });
    expect(json.contextId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['inin-correlation-id']).toBe(json.contextId);
    expect(fieldsOf(json)).toEqual(['path']);
  });

  it('a too-long path parameter is a 414 naming the path and the limit', async () => {
    h = await harness();
    const res = await h.call('GET', `/api/v2/conversations/${'c'.repeat(1_001)}`);
    expect(res.statusCode).toBe(414);
    expect(res.json()).toMatchObject({ code: 'uri.too.long', limit: { key: 'maxParamLength', value: 1_000 } });
    expect(res.json().contextId).toBe(res.headers['inin-correlation-id']);
  });

  it('a wrong method on a known path is a 405 with Allow', async () => {
    h = await harness();
    const res = await h.call('DELETE', '/api/v2/routing/queues');
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json()).toMatchObject({ status: 405, code: 'method.not.allowed' });
    expect(fieldsOf(res.json())).toEqual(['method']);
    const subscriptions = await h.call('PATCH', '/api/v2/notifications/channels/any/subscriptions');
    expect(subscriptions.headers.allow).toBe('DELETE, GET, HEAD, POST, PUT');
  });

  it('413 names the byte limit and 415 the accepted media types', async () => {
    h = await harness({ MOCK_BODY_LIMIT_BYTES: '2048' });
    const large = await h.call('POST', '/api/v2/analytics/conversations/details/query', {
      interval: WEEK,
      pad: 'x'.repeat(4_096),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ limit: { key: 'bodyLimitBytes', value: 2_048 } });
    expect(large.json().message).toContain('2048 bytes');
    const media = await h.call('POST', '/api/v2/analytics/conversations/details/query', 'a,b', {
      'content-type': 'text/csv',
    });
    expect(media.statusCode).toBe(415);
    expect(fieldsOf(media.json())).toEqual(['content-type']);
    expect(media.json().message).toContain('application/json');
    expect(media.json().message).toContain('application/x-www-form-urlencoded');
  });
});
