// A typed client for the mocks' admin APIs (mock-genesys, mock-crm, mock-notifier share one shape; see
// packages/mock-kit/README.md) and their Prometheus counters, over k6's http.
import http from 'k6/http';
// The wire types are @lab/lab-client's (the Node client of the same APIs); a type-only import, erased before k6
// loads anything, so no Node code reaches k6.
import type { Fault, FaultSpec, RequestQuery, RequestRecord } from '../../packages/lab-client/src/admin-types.ts';
import { lab } from './config.ts';

export type { Fault, FaultSpec };

export type MockName = 'genesys' | 'crm' | 'notifier';

const base: Record<MockName, string> = { genesys: lab.mockGenesys, crm: lab.mockCrm, notifier: lab.mockNotifier };
// MOCK_ADMIN_TOKEN: where the mocks guard /__admin with a token (compose: the k6 service passes it); natively the
// mocks allow loopback callers and the header is not sent.
const token: Record<string, string> = __ENV.MOCK_ADMIN_TOKEN ? { 'x-mock-admin-token': __ENV.MOCK_ADMIN_TOKEN } : {};
const json = { headers: { 'content-type': 'application/json', ...token }, tags: { call: 'mock-admin' } };

export function addFault(mock: MockName, spec: FaultSpec): Fault {
  const response = http.post(`${base[mock]}/__admin/faults`, JSON.stringify(spec), json);
  if (response.status !== 201) throw new Error(`mock-${mock} refused the fault: ${response.status} ${response.body}`);
  return JSON.parse(response.body as string) as Fault;
}

export function removeFault(mock: MockName, id: string): void {
  // No content-type on a DELETE without a body: the mocks (fastify) refuse an empty JSON body.
  const response = http.del(`${base[mock]}/__admin/faults/${id}`, null, { headers: token, tags: json.tags });
  if (response.status !== 204 && response.status !== 404) {
    throw new Error(`mock-${mock} did not remove fault ${id}: ${response.status} ${response.body}`);
  }
}

export function listFaults(mock: MockName): Fault[] {
  const response = http.get(`${base[mock]}/__admin/faults`, json);
  if (response.status !== 200) throw new Error(`mock-${mock} answered ${response.status} for its faults`);
  return (JSON.parse(response.body as string) as { faults: Fault[] }).faults;
}

/** Changes the mock Genesys API's rate limits (POST /__admin/ratelimits); answers the settings before. */
export function setGenesysRateLimits(settings: { orgLimits?: Record<string, number>; tokenLimit?: number }) {
  const before = http.get(`${lab.mockGenesys}/__admin/state`, json);
  const response = http.post(`${lab.mockGenesys}/__admin/ratelimits`, JSON.stringify(settings), json);
  if (response.status !== 200)
    throw new Error(`mock-genesys refused the rate limits: ${response.status} ${response.body}`);
  return (JSON.parse(before.body as string) as { rateLimits: Record<string, unknown> }).rateLimits;
}

export function restoreGenesysRateLimits(previous: Record<string, unknown>): void {
  const { windowSeconds, tokenLimit, orgLimits } = previous as {
    windowSeconds?: number;
    tokenLimit?: number;
    orgLimits?: Record<string, number>;
  };
  http.post(`${lab.mockGenesys}/__admin/ratelimits`, JSON.stringify({ windowSeconds, tokenLimit, orgLimits }), json);
}

export function requests(mock: MockName, query: RequestQuery = {}): RequestRecord[] {
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  const response = http.get(`${base[mock]}/__admin/requests${params ? `?${params}` : ''}`, json);
  if (response.status !== 200) throw new Error(`mock-${mock} answered ${response.status} for its request log`);
  return (JSON.parse(response.body as string) as { requests: RequestRecord[] }).requests;
}

/** The mock's /metrics text. */
export function metricsText(mock: MockName): string {
  const response = http.get(`${base[mock]}/metrics`, { tags: { call: 'mock-metrics' } });
  if (response.status !== 200) throw new Error(`mock-${mock} answered ${response.status} for /metrics`);
  return response.body as string;
}
