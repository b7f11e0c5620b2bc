import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from './testing/harness.js';

let h: Harness;
afterEach(() => h?.close());

const SDK_ENCODING = { 'accept-encoding': 'gzip, compress, deflate, br' };
const DETAILS = '/api/v2/analytics/conversations/details/query';
const query = {
  interval: '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
  paging: { pageSize: 25, pageNumber: 1 },
};
/** The data set pinned to the query's week, whatever the default window. */
const PINNED = { MOCK_DATA_START: '2026-11-01T00:00:00.000Z', MOCK_DATA_DAYS: '7' };

describe('cached answers, gzipped for clients that accept it', () => {
  it('answers the same JSON gzipped from the second identical request on, and plain to a client without gzip', async () => {
    h = await harness(PINNED);
    const first = await h.call('POST', DETAILS, query, SDK_ENCODING);
    const second = await h.call('POST', DETAILS, query, SDK_ENCODING);
    const plain = await h.call('POST', DETAILS, query);
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(second.headers['content-encoding']).toBe('gzip');
    expect(second.headers.vary).toBe('accept-encoding');
    expect(second.rawPayload.length).toBeLessThan(first.rawPayload.length / 3);
    expect(gunzipSync(second.rawPayload).toString('utf8')).toBe(first.body);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(first.body);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('never gzips for a client that refuses it, and gzips listings too', async () => {
    h = await harness(PINNED);
    for (let i = 0; i < 2; i++) {
      const refused = await h.call('GET', '/api/v2/users?pageSize=25', undefined, { 'accept-encoding': 'gzip;q=0' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    }
    const listing = await h.call('GET', '/api/v2/users?pageSize=25', undefined, SDK_ENCODING);
    expect(listing.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(listing.rawPayload).toString('utf8')).entities).toHaveLength(25);
  });
});
