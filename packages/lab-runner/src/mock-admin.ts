import { type Sample, scrapeMetrics } from './prometheus-text.js';

/** A fault as the mocks take it: the kind, what it targets, and the kind's own attributes. */
export interface FaultSpec {
  type: string;
  target?: { family?: string; route?: string; method?: string };
  rate?: number;
  count?: number;
  [attribute: string]: unknown;
}

export interface MockAdmin {
  addFault(spec: FaultSpec): Promise<Record<string, unknown>>;
  reset(seed?: number): Promise<void>;
  state(): Promise<Record<string, unknown>>;
  requests(query?: { since?: number; route?: string; client?: string }): Promise<{ requests: MockRequest[] }>;
  metrics(): Promise<Sample[]>;
}

export interface MockRequest {
  at: number;
  method: string;
  route: string;
  path: string;
  status: number;
  client?: string;
}

/**
 * The admin API of a mock (mock-genesys, mock-crm, mock-notifier), typed. The one place the tests call it from,
 * until @lab/lab-client (branch h2-faults) replaces this file with the same interface. Throws unless 2xx.
 */
export function mockAdmin(baseUrl: string): MockAdmin {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/__admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${baseUrl}/__admin${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  return {
    // Today each kind has its own route (POST /__admin/faults/<type>); the shared contract moves it to one.
    addFault: ({ type, ...attributes }) => call('POST', `/faults/${type}`, attributes),
    reset: async (seed) => {
      await call('POST', '/reset', seed === undefined ? {} : { seed });
    },
    state: () => call('GET', '/state'),
    requests: async (query = {}) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      return (await call('GET', `/requests?${params}`)) as unknown as { requests: MockRequest[] };
    },
    metrics: () => scrapeMetrics(`${baseUrl}/metrics`),
  };
}
