import { readFileSync } from 'node:fs';
import type { Topology } from '@lab/topology';
import type { IdentityFiles, LabPki } from './pki.js';

/** The runner's own identity: its health checks, `lab status`, and the tests' clients. */
export const RUNNER_IDENTITY = 'lab-runner';

/** Inside the mesh (every topology service but an `outsideMesh` one, mock-genesys): served over STRICT mTLS. */
export function inMesh(name: string, t: Topology): boolean {
  const spec = t.services[name];
  return spec !== undefined && !spec.outsideMesh;
}

/**
 * Who may call `name` in the mTLS profile (its TLS_ALLOWED_CLIENTS), derived from the topology: the clients of the
 * proxies in front of it (crm-sync for mock-crm), Prometheus (it scrapes everyone), the runner (health checks,
 * status, tests), and the ingress for a service with an ingress route.
 */
export function allowedClients(name: string, t: Topology): string[] {
  const callers = t.proxies.filter((p) => p.upstream === name && p.client).map((p) => p.client as string);
  const ingress = t.ingress.routes.some((r) => r.service === name) ? ['ingress'] : [];
  return [...new Set([...callers, 'prometheus', RUNNER_IDENTITY, ...ingress])];
}

/** A process's TLS_* variables (@lab/http-edge tlsShape) for its identity. */
export function tlsEnv(files: IdentityFiles, allowed?: string[]): Record<string, string> {
  return {
    TLS_CA_FILE: files.caFile,
    TLS_CERT_FILE: files.certFile,
    TLS_KEY_FILE: files.keyFile,
    ...(allowed && { TLS_ALLOWED_CLIENTS: allowed.join(',') }),
  };
}

/**
 * What the mTLS profile changes in a process's environment (on top of `appEnv`): its certificate and who may call
 * it; a service's proxies to mesh upstreams as https:// (Toxiproxy passes TLS through untouched), Redis as
 * rediss://, and each ingress route's credential (e.g. crm-sync's DATA_ACTION_BEARER_TOKEN). Nothing for a
 * process outside the mesh.
 */
export function mtlsEnv(name: string, t: Topology, pki: LabPki, env: Record<string, string>): Record<string, string> {
  if (!inMesh(name, t)) return {};
  const out: Record<string, string> = tlsEnv(pki.identity(name), allowedClients(name, t));
  for (const p of t.proxies) {
    const value = p.env ? env[p.env] : undefined;
    if (p.client === name && p.env && value && inMesh(p.upstream, t)) out[p.env] = value.replace(/^http:/, 'https:');
  }
  if (env.REDIS_URL) out.REDIS_URL = env.REDIS_URL.replace(/^redis:/, 'rediss:');
  for (const r of t.ingress.routes) if (r.service === name && r.bearer) out[r.bearer.env] = r.bearer.token;
  return out;
}

/** The PEM contents of an identity, for a client in this process (undici, node:https, ioredis). */
export function readIdentity(files: IdentityFiles): { ca: Buffer; cert: Buffer; key: Buffer } {
  return { ca: readFileSync(files.caFile), cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}
