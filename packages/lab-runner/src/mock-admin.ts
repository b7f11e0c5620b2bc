import { AdminError, type Fault, type FaultSpec, type MockAdmin, mockAdmin as typedClient } from '@lab/lab-client';

/**
 * @lab/lab-client's admin client for the mock at `baseUrl`, with one bridge: a mock that does not serve
 * POST /__admin/faults yet (404, before the shared fault engine of branch h2-faults reaches it) gets the fault on
 * its per-kind route, POST /__admin/faults/<type>. Delete the bridge once every mock serves the shared route.
 */
export function mockAdmin(baseUrl: string): MockAdmin {
  const client = typedClient(baseUrl);
  return {
    ...client,
    addFault: async (spec: FaultSpec): Promise<Fault> => {
      try {
        return await client.addFault(spec);
      } catch (error) {
        if (!(error instanceof AdminError) || error.status !== 404) throw error;
        const { type, ...attributes } = spec;
        const response = await fetch(`${client.baseUrl}/__admin/faults/${type}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(attributes),
          signal: AbortSignal.timeout(5_000),
        });
        const body = (await response.json()) as Fault;
        if (!response.ok) throw new AdminError(`POST /__admin/faults/${type}`, response.status, body);
        return body;
      }
    },
  };
}
