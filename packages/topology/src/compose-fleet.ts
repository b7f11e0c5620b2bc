import { composeAddressing } from './addressing.js';
import { haproxyConfig } from './haproxy-config.js';
import type { Topology } from './index.js';

/** The most replicas of one service, in both labs (LAB_REPLICAS natively, <NAME>_REPLICAS in compose). */
export const MAX_REPLICAS = 10;

/** The compose service of the load balancer (the official haproxy image) in front of the services' replicas. */
export const LOAD_BALANCER = 'lb';

/** Docker's embedded DNS server, as every container on a user-defined network sees it. */
export const DOCKER_DNS = '127.0.0.11:53';

/** The topology services that compose runs as replicas behind the load balancer: every `service` (not the mocks). */
export function replicatedServices(t: Topology): string[] {
  return Object.entries(t.services)
    .filter(([, s]) => s.kind === 'service')
    .map(([name]) => name);
}

/** The variable that sets a service's replica count in compose: crm-sync -> CRM_SYNC_REPLICAS (default 1). */
export const replicasVariable = (service: string): string => `${service.toUpperCase().replace(/-/g, '_')}_REPLICAS`;

/**
 * docker/haproxy.cfg: the load balancer listens on each replicated service's usual port (0.0.0.0 in its container,
 * published on 127.0.0.1) and balances over every address Docker's DNS gives for the service's name: each replica
 * that `deploy.replicas` started, at most MAX_REPLICAS.
 */
export function composeHaproxyConfig(t: Topology): string {
  const at = composeAddressing;
  return haproxyConfig(
    replicatedServices(t).map((name) => {
      const s = t.services[name]!;
      return {
        name,
        bind: { host: at.listen, port: s.port },
        healthPath: s.healthPath,
        servers: { kind: 'dns' as const, host: at.hostOf(name), port: s.port, max: MAX_REPLICAS },
      };
    }),
    { nameservers: [DOCKER_DNS] },
  );
}
