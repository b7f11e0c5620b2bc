import type { Topology } from './index.js';

/**
 * Where the lab's processes listen and how they reach each other. The topology gives ports; this gives hosts, so
 * that one generator serves both the native lab (everything on 127.0.0.1) and the containers (each process on its
 * own compose service name).
 */
export interface Addressing {
  /** The address every process binds to. */
  listen: string;
  /** The host at which the others reach `process`: a topology service, or toxiproxy, redis, jaeger, prometheus. */
  hostOf(process: string): string;
}

/** The native lab: every process listens on, and is reached at, the topology's host. */
export function nativeAddressing(t: Topology): Addressing {
  return { listen: t.host, hostOf: () => t.host };
}

/** docker-compose.yml: each process listens on all interfaces of its container and is reached by its service name. */
export const composeAddressing: Addressing = { listen: '0.0.0.0', hostOf: (process) => process };

/**
 * The Helm chart (deploy/helm/genesys-lab): each process listens on all interfaces of its pod and is reached by its
 * Kubernetes Service name, which resolves in the release's namespace through the pod's DNS search path
 * (`toxiproxy` is `toxiproxy.<namespace>.svc.cluster.local`), exactly as compose service names do.
 */
export const kubernetesAddressing: Addressing = { listen: '0.0.0.0', hostOf: (process) => process };
