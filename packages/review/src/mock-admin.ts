/**
 * The mocks' admin API, as the shared contract describes it (POST /__admin/faults {type,...}). Until every mock
 * serves that route, a 404 falls back to the older per-kind route (/__admin/faults/<type>). To be replaced by
 * @lab/lab-client's mockAdmin once it lands.
 */
export interface MockRequest {
  at: number;
  method: string;
  route: string;
  path: string;
  status: number;
  client?: string;
  headers?: Record<string, string>;
}

export interface MockAdmin {
  addFault(spec: { type: string } & Record<string, unknown>): Promise<{ id: string }>;
  removeFault(id: string): Promise<void>;
  /** Ends a maintenance window (older mocks keep it apart from the other faults). */
  endMaintenance(): Promise<void>;
  requests(query?: { since?: number; route?: string }): Promise<MockRequest[]>;
  state(): Promise<Record<string, unknown>>;
}

export function mockAdmin(baseUrl: string): MockAdmin {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
  const fail = async (what: string, response: Response): Promise<never> => {
    throw new Error(`${baseUrl} ${what}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  };
  return {
    async addFault(spec) {
      let response = await call('POST', '/__admin/faults', spec);
      if (response.status === 404) {
        const { type, ...rest } = spec;
        response = await call('POST', `/__admin/faults/${encodeURIComponent(type)}`, rest);
      }
      if (response.status !== 201) return fail(`refused fault ${spec.type}`, response);
      return (await response.json()) as { id: string };
    },
    async removeFault(id) {
      const response = await call('DELETE', `/__admin/faults/${encodeURIComponent(id)}`);
      if (response.status !== 204 && response.status !== 404) await fail(`kept fault ${id}`, response);
    },
    async endMaintenance() {
      await call('DELETE', '/__admin/faults/maintenance').then((r) => r.body?.cancel());
    },
    async requests(query = {}) {
      const params = new URLSearchParams();
      if (query.since !== undefined) params.set('since', String(query.since));
      if (query.route) params.set('route', query.route);
      const response = await call('GET', `/__admin/requests?${params}`);
      if (!response.ok) return fail('has no request log', response);
      return ((await response.json()) as { requests: MockRequest[] }).requests;
    },
    async state() {
      const response = await call('GET', '/__admin/state');
      if (!response.ok) return fail('has no state', response);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}
