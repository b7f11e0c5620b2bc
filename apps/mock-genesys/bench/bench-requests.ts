/** The two requests the benchmarks send: a typical authenticated GET and the exporter's details query. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The mock's data set pinned to the week the details query asks for, whatever the mock's default window. */
export const PINNED_DATA = { MOCK_DATA_START: '2026-11-01T00:00:00.000Z', MOCK_DATA_DAYS: '7' };

export const QUEUES_URL = '/api/v2/routing/queues?pageSize=25&pageNumber=1';
export const DETAILS_URL = '/api/v2/analytics/conversations/details/query';
export const DETAILS_BODY = JSON.stringify({
  interval: '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
  paging: { pageSize: 25, pageNumber: 1 },
  segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }] }],
});

export function benchRequests(token: string): [queues: BenchRequest, details: BenchRequest] {
  const authorization = `Bearer ${token}`;
  return [
    { method: 'GET', path: QUEUES_URL, headers: { authorization } },
    {
      method: 'POST',
      path: DETAILS_URL,
      headers: { authorization, 'content-type': 'application/json' },
      body: DETAILS_BODY,
    },
  ];
}

export async function fetchToken(mockUrl: string): Promise<string> {
  const response = await fetch(`${mockUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`POST /oauth/token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
