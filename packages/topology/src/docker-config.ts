import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Addressing, composeAddressing, nativeAddressing } from './addressing.js';
import { composeHaproxyConfig, replicatedServices } from './compose-fleet.js';
import { serviceEnv, type Topology, topology, toxiproxyConfig } from './index.js';
import { jaegerConfigYaml } from './jaeger-config.js';
import { CHART_TOPOLOGY_FILE, chartTopologyFile } from './kubernetes-config.js';
import { prometheusConfig } from './prometheus-config.js';

/** Folder, from the repository root, of the generated env files: one per topology service, `<name>.env`. */
export const DOCKER_ENV_DIR = 'docker/env';

const GENERATED =
  'Generated from packages/topology/src/topology.json by dockerConfig() in packages/topology/src/docker-config.ts.\n' +
  'Do not edit: change topology.json and regenerate (docker/README.md).';

/**
 * Everything one topology service reads from its environment to take its place in the lab: serviceEnv (listen
 * address and the URL of each proxy it calls through), and for a `service` (not a mock) the shared Redis, its
 * trace service name and Jaeger's OTLP/HTTP receiver. lab-runner's startLab sets the same variables natively.
 */
export function appEnv(
  name: string,
  t: Topology = topology,
  at: Addressing = nativeAddressing(t),
): Record<string, string> {
  const env = serviceEnv(name, t, at);
  const spec = t.services[name];
  if (spec?.kind !== 'service') return env;
  return {
    ...env,
    ...(spec.genesysClient && {
      GENESYS_CLIENT_ID: spec.genesysClient.id,
      GENESYS_CLIENT_SECRET: spec.genesysClient.secret,
    }),
    REDIS_URL: `redis://${at.hostOf('redis')}:${t.infra.redis.port}`,
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${at.hostOf('jaeger')}:${t.infra.jaeger.otlpHttpPort}`,
  };
}

/** Compose's env_file format: KEY=VALUE lines. Values stay unquoted, so refuse anything that would need quoting. */
function envFile(name: string, env: Record<string, string>): string {
  const lines = Object.entries(env).map(([key, value]) => {
    if (!/^[\w.:/@-]*$/.test(value)) throw new Error(`${name}: ${key}=${value} would need quoting in an env file`);
    return `${key}=${value}`;
  });
  return `${comment(`${GENERATED}\nThe environment of ${name} in docker-compose.yml (env_file).`)}${lines.join('\n')}\n`;
}

const comment = (text: string): string => `${text.replace(/^/gm, '# ')}\n`;

/**
 * The configuration files of the container lab (docker-compose.yml), keyed by path from the repository root:
 * docker/toxiproxy.json (every proxy, upstream by compose service name), docker/prometheus.yml (every mock scraped
 * by service name, every replica of a service found through DNS), docker/haproxy.cfg (the load balancer in front of
 * the services' replicas), docker/jaeger.yaml (listeners on all interfaces) and docker/env/<service>.env.
 * packages/topology/src/compose.test.ts fails when a committed file differs from this.
 */
export function dockerConfig(t: Topology = topology): Record<string, string> {
  const at = composeAddressing;
  const proxies = toxiproxyConfig(t, at).map((p) => ({ ...p, enabled: true }));
  const files: Record<string, string> = {
    'docker/toxiproxy.json': `${JSON.stringify(proxies, null, 2)}\n`,
    'docker/prometheus.yml': comment(GENERATED) + prometheusConfig(t, at, [], undefined, replicatedServices(t)),
    'docker/haproxy.cfg': comment(GENERATED) + composeHaproxyConfig(t),
    'docker/jaeger.yaml': comment(GENERATED) + jaegerConfigYaml({ ...t.infra.jaeger, host: at.listen }),
  };
  for (const name of Object.keys(t.services))
    files[`${DOCKER_ENV_DIR}/${name}.env`] = envFile(name, appEnv(name, t, at));
  // The Helm chart's copy of the topology (deploy/helm/genesys-lab), written and checked with the same files.
  files[CHART_TOPOLOGY_FILE] = chartTopologyFile(t);
  return files;
}

/**
 * Writes dockerConfig(t) under `root` (the repository root) and deletes env files of services the topology no
 * longer has. Returns the paths it changed, so that an unchanged run says so.
 */
export function writeDockerConfig(root: string, t: Topology = topology): { written: string[]; removed: string[] } {
  const files = dockerConfig(t);
  const written: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(path);
  }
  const removed: string[] = [];
  const envDir = join(root, DOCKER_ENV_DIR);
  for (const file of existsSync(envDir) ? readdirSync(envDir) : []) {
    const path = `${DOCKER_ENV_DIR}/${file}`;
    if (file.endsWith('.env') && !(path in files)) {
      rmSync(join(root, path));
      removed.push(path);
    }
  }
  return { written, removed };
}
