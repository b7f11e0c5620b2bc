/** The two requests the benchmarks send: a typical authenticated GET and the exporter's details query. */
export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The mock's data set pinned to the week the details query asks for, whatever the mock's default window. */
const PINNED_DATA = { MOCK_DATA_START: '2026-11-01T00:00:00.000Z', MOCK_DATA_DAYS: '7' };

/**
 * The mock as every benchmark runs it: no log lines, rate limits out of the way (the benchmarks measure answers,
 * not refusals), the pinned week and no live traffic, so every run answers the same bytes.
 */
export const BENCH_MOCK_ENV = {
  MOCK_LOG_LEVEL: 'silent',
  MOCK_TOKEN_RATE_LIMIT: '1000000000',
  MOCK_ORG_RATE_LIMIT: '1000000000',
  ...PINNED_DATA,
  MOCK_LIVE_RATE: '0',
};

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

/** A number given to a benchmark's --name option: positive and finite, or an error naming the option. */
export function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

/** Answer headers WireMock repeats verbatim; WireMock computes content-length itself. */
export const COPIED_HEADER = /^(content-type|inin-ratelimit-.*|inin-correlation-id)$/;

export interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}
/** Sends `request` once and keeps what a static copy of the answer needs: status, the copied headers, the body. */
export async function capture(baseUrl: string, request: BenchRequest): Promise<Captured> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await fetch(baseUrl + request.path, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${request.method} ${baseUrl}${request.path}: ${response.status} ${body}`);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => COPIED_HEADER.test(name)));
  return { status: response.status, headers, body };
}
