import { type Addressing, kubernetesAddressing } from './addressing.js';
import { appEnv } from './docker-config.js';
import { type Topology, topology, toxiproxyConfig } from './index.js';
import { jaegerConfigYaml } from './jaeger-config.js';
import { prometheusConfig } from './prometheus-config.js';
import { stateEnv } from './state-env.js';

/** Path, from the repository root, of the chart's copy of the topology (read by its templates with .Files.Get). */
export const CHART_TOPOLOGY_FILE = 'deploy/helm/genesys-lab/files/topology.generated.json';

/** Where the apps keep their own state in a pod: an emptyDir mounted here (stateDirs go under it). */
export const POD_STATE_DIR = '/var/lib/genesys-lab';

/**
 * The facts of the topology that the Helm chart deploys, addressed by Kubernetes Service name (kubernetesAddressing):
 * each app's port, probes and environment (appEnv, the same variables the native runner and compose set), the
 * Toxiproxy proxies, and the configuration files of Toxiproxy, Prometheus and Jaeger. The chart renders only from
 * this (files/topology.generated.json), so it cannot drift from topology.json: kubernetes-config.test.ts fails when
 * the committed file differs from what this returns.
 */
export function kubernetesValues(t: Topology = topology, at: Addressing = kubernetesAddressing) {
  const apps = Object.fromEntries(
    Object.entries(t.services).map(([name, s]) => [
      name,
      {
        kind: s.kind,
        port: s.port,
        healthPath: s.healthPath,
        metricsPath: s.metricsPath ?? null,
        /** True when the app keeps files (stateDirs): the chart mounts an emptyDir at POD_STATE_DIR. */
        keepsState: Object.keys(s.stateDirs ?? {}).length > 0,
        description: s.description,
        env: { ...appEnv(name, t, at), ...stateEnv(name, POD_STATE_DIR, t) },
        /** The proxies this app calls through: the routes its own policies (retries, breakers) cover. */
        calls: t.proxies
          .filter((p) => p.client === name)
          .map((p) => ({ proxy: p.name, port: p.listenPort, upstream: p.upstream, env: p.env })),
      },
    ]),
  );
  return {
    apps,
    toxiproxy: {
      apiPort: t.toxiproxy.apiPort,
      proxies: t.proxies.map((p) => ({ name: p.name, port: p.listenPort, upstream: p.upstream, client: p.client })),
      config: toxiproxyConfig(t, at).map((p) => ({ ...p, enabled: true })),
    },
    redis: { port: t.infra.redis.port },
    jaeger: { ...t.infra.jaeger, config: jaegerConfigYaml({ ...t.infra.jaeger, host: at.listen }) },
    prometheus: { port: t.infra.prometheus.port, config: prometheusConfig(t, at) },
    stateDir: POD_STATE_DIR,
  };
}

/** The chart's topology file as committed: kubernetesValues as JSON, with a note saying where it comes from. */
export function chartTopologyFile(t: Topology = topology): string {
  return `${JSON.stringify(
    {
      $comment:
        'Generated from packages/topology/src/topology.json by kubernetesValues() in ' +
        'packages/topology/src/kubernetes-config.ts. Do not edit: node packages/topology/dist/write-docker-config.js',
      ...kubernetesValues(t),
    },
    null,
    2,
  )}\n`;
}
