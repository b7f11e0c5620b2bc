import { AdminError } from './admin-error.js';
import type { Fault, FaultSpec, RequestQuery, RequestRecord } from './admin-types.js';
import { type Sample, scrapeMetrics } from './prometheus-text.js';

export interface MockAdminOptions {
  /** Sent as x-mock-admin-token, for a mock started with an admin token. */
  token?: string;
}

/** The typed client of one mock's /__admin API (mock-genesys, mock-crm or mock-notifier). */
export interface MockAdmin {
  readonly baseUrl: string;
  /** POST /__admin/faults: the fault as the mock holds it, id included. */
  addFault(spec: FaultSpec): Promise<Fault>;
  /** GET /__admin/faults. */
  listFaults(): Promise<Fault[]>;
  /** DELETE /__admin/faults/:id; an unknown id throws an AdminError with status 404. */
  removeFault(id: string): Promise<void>;
  /** POST /__admin/reset: removes every fault, restarts the seeded draws (from `seed` when given). */
  reset(seed?: number): Promise<Record<string, unknown>>;
  /** GET /__admin/requests, oldest first. */
  requests(query?: RequestQuery): Promise<RequestRecord[]>;
  /** GET /__admin/state: what the mock holds (its shape differs per mock). */
  state(): Promise<Record<string, unknown>>;
  /** GET /metrics, parsed into samples. */
  metrics(): Promise<Sample[]>;
  /**
   * mock-notifier's GET /__admin/deliveries?byEventId=true: every eventId delivered, with how often, and the effects
   * apart (a repeat of an Idempotency-Key is a delivery without an effect).
   */
  deliveries(): Promise<{
    total: number;
    unique: number;
    duplicates: number;
    effects: number;
    duplicateEffects: number;
    byEventId: Record<string, number>;
    effectsByEventId: Record<string, number>;
    forgotten?: number;
  }>;
}

/** A client for the admin API of the mock at `baseUrl` (e.g. "http://127.0.0.1:18090"). Plain fetch. */
export function mockAdmin(baseUrl: string, options: MockAdminOptions = {}): MockAdmin {
  const root = baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = options.token ? { 'x-mock-admin-token': options.token } : {};

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the error.
    }
    if (!response.ok) throw new AdminError(`${method} ${path}`, response.status, parsed);
    return parsed as T;
  }

  return {
    baseUrl: root,
    addFault: (spec) => call<Fault>('POST', '/__admin/faults', spec),
    listFaults: async () => (await call<{ faults: Fault[] }>('GET', '/__admin/faults')).faults,
    removeFault: async (id) => {
      await call('DELETE', `/__admin/faults/${encodeURIComponent(id)}`);
    },
    reset: (seed) => call('POST', '/__admin/reset', seed === undefined ? {} : { seed }),
    requests: async (query = {}) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
      const suffix = search.size > 0 ? `?${search}` : '';
      return (await call<{ requests: RequestRecord[] }>('GET', `/__admin/requests${suffix}`)).requests;
    },
    state: () => call('GET', '/__admin/state'),
    metrics: () => scrapeMetrics(`${root}/metrics`),
    deliveries: () => call('GET', '/__admin/deliveries?byEventId=true'),
  };
}
