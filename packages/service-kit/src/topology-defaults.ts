import { serviceEnv, topology } from '@lab/topology';

/** Where a service sits in the native lab, from @lab/topology: the defaults of its config schema. */
export interface TopologyDefaults {
  /** Its listen port. */
  port: number;
  /** The URL the topology gives `variable` (GENESYS_URL, CRM_URL, ...): one of the Toxiproxy listeners it calls. */
  url(variable: string): string;
}

/** The defaults of `service`'s address and of each proxy it calls through; throws if the topology lacks one. */
export function topologyDefaults(service: string): TopologyDefaults {
  const spec = topology.services[service];
  if (!spec) throw new Error(`no service ${service} in the topology`);
  const env = serviceEnv(service);
  return {
    port: spec.port,
    url: (variable) => {
      const value = env[variable];
      if (value === undefined) throw new Error(`the topology gives ${service} no ${variable}`);
      return value;
    },
  };
}

/** The native lab's Redis. */
export const TOPOLOGY_REDIS_URL = `redis://${topology.host}:${topology.infra.redis.port}`;
