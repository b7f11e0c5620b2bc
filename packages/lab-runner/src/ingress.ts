import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolPaths } from '@lab/toolchain';
import type { Topology } from '@lab/topology';
import { listening } from './haproxy.js';
import type { LabPki } from './pki.js';
import { type RunningProcess, startProcess } from './process.js';

/** The ingress' answer to any path it does not route, in the services' error shape. */
const NOT_ROUTED = (paths: string[]) =>
  JSON.stringify({
    error: 'not_found',
    message: `The ingress serves only ${paths.join(' and ')}`,
    details: [{ field: 'path', message: 'not routed by the ingress' }],
  });

/**
 * HAProxy's configuration for the mTLS profile's TLS ingress (topology `ingress`): one HTTPS listener with the
 * ingress' server certificate and no client certificate requested (Genesys presents none), that forwards exactly
 * the routed paths (POST or not: the service answers 405 itself) to their services over mTLS: HAProxy presents the
 * `ingress` certificate and checks the service's against the lab CA and its name. Anything else is a 404. Each
 * request is logged to stdout (the ingress' log file).
 */
export function ingressConfig(t: Topology, pki: LabPki, port = t.ingress.port): string {
  const routes = t.ingress.routes;
  const lines = [
    'global',
    '  maxconn 1024',
    '  log stdout format raw local0',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  option forwardfor',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    'frontend genesys-ingress',
    `  bind ${t.host}:${port} ssl crt ${pki.pemFile('ingress')}`,
    ...routes.map((r, i) => `  acl route${i} path ${r.path}`),
    `  http-request return status 404 content-type application/json string '${NOT_ROUTED(routes.map((r) => r.path))}' if ${routes.map((_, i) => `!route${i}`).join(' ')}`,
    ...routes.map((r, i) => `  use_backend ${r.service} if route${i}`),
  ];
  for (const service of new Set(routes.map((r) => r.service))) {
    const spec = t.services[service];
    if (!spec) throw new Error(`ingress route to unknown service ${service}`);
    lines.push(
      `backend ${service}`,
      `  server ${service} ${t.host}:${spec.port} ssl verify required ca-file ${pki.caFile} crt ${pki.pemFile('ingress')} verifyhost ${service} sni str(${service})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Starts Debian's haproxy (-db, foreground) as the ingress; ready once its port listens. */
export async function startIngress(options: {
  topology: Topology;
  pki: LabPki;
  dir: string;
  logFile: string;
}): Promise<RunningProcess> {
  const { topology: t } = options;
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'ingress.cfg');
  writeFileSync(configFile, ingressConfig(t, options.pki));
  return startProcess({
    name: 'ingress',
    command: toolPaths().haproxy,
    args: ['-db', '-f', configFile],
    logFile: options.logFile,
    ready: () => listening(t.host, t.ingress.port),
  });
}
