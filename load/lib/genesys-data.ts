// Real conversation ids from the mock's data set, for scenarios whose calls should resolve through the API.
import { b64encode } from 'k6/encoding';
import http from 'k6/http';
import { lab } from './config.ts';

/**
 * The interval the mock's data set covers, as the mock itself says (`GET /__admin/state`: it moves with the clock
 * unless MOCK_DATA_START pins it); MOCK_DATA_INTERVAL overrides it.
 */
export function mockDataInterval(): string {
  if (__ENV.MOCK_DATA_INTERVAL) return __ENV.MOCK_DATA_INTERVAL;
  const state = http.get(`${lab.mockGenesys}/__admin/state`, { tags: { call: 'lab-data' } });
  if (state.status !== 200) throw new Error(`mock-genesys /__admin/state answered ${state.status}`);
  return (JSON.parse(state.body as string) as { data: { interval: string } }).data.interval;
}

/** Up to `count` conversation ids from the details query, asked straight of the mock (not through a toxic). */
export function conversationIds(count: number): string[] {
  const token = http.post(
    `${lab.mockGenesys}/oauth/token`,
    { grant_type: 'client_credentials' },
    { headers: { authorization: `Basic ${b64encode('lab-client:lab-secret')}` }, tags: { call: 'lab-data' } },
  );
  if (token.status !== 200) throw new Error(`mock-genesys refused a token: ${token.status} ${token.body}`);
  const accessToken = (JSON.parse(token.body as string) as { access_token: string }).access_token;
  const interval = mockDataInterval();
  const query = http.post(
    `${lab.mockGenesys}/api/v2/analytics/conversations/details/query`,
    JSON.stringify({ interval, paging: { pageSize: Math.min(count, 100), pageNumber: 1 } }),
    {
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      tags: { call: 'lab-data' },
    },
  );
  if (query.status !== 200) throw new Error(`the details query answered ${query.status}: ${query.body}`);
  const ids = (
    (JSON.parse(query.body as string) as { conversations?: { conversationId: string }[] }).conversations ?? []
  ).map((c) => c.conversationId);
  if (ids.length === 0) throw new Error(`the mock has no conversations in ${interval}; set MOCK_DATA_INTERVAL`);
  return ids;
}
