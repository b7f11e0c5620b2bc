#!/usr/bin/env node
// The native lab runner: `npm run lab` (start), `npm run lab -- status`, `npm run lab -- certs rotate`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  topology as baseTopology,
  ingressUrl,
  proxyUrl,
  serviceUrl,
  type Topology,
  withPortOffset,
} from '@lab/topology';
import { type FleetInstance, parseReplicas, startFleet } from './fleet.js';
import type { RunningLab } from './lab.js';
import { labFetch } from './lab-fetch.js';
import { inMesh, RUNNER_IDENTITY, readIdentity } from './mtls-profile.js';
import { labStateDir } from './paths.js';
import { ensureLabPki, labIdentities, PKI_DIR, readLabPki } from './pki.js';
import { redisPing } from './redis.js';
import { clearSupervisionState, describeEvent, readSupervisionState } from './supervision-state.js';
import { type ClientTls, httpOk } from './wait.js';

// LAB_PORT_OFFSET moves every port of the topology, so a second lab (or a test) can run beside this one.
const topology = withPortOffset(baseTopology, Number(process.env.LAB_PORT_OFFSET ?? 0));
const at = (port: number) => `http://${topology.host}:${port}`;
const toxiproxyApi = at(topology.toxiproxy.apiPort);
const STATUS_TIMEOUT_MS = 3_000;

/** LAB_MTLS=1 (or true): the mTLS profile (docs/mtls.md); unset, empty, 0 or false: plain HTTP. */
function mtlsProfile(value = process.env.LAB_MTLS): boolean {
  if (value === undefined || ['', '0', 'false'].includes(value)) return false;
  if (['1', 'true'].includes(value)) return true;
  console.error(`LAB_MTLS must be 1/true or 0/false, not "${value}"`);
  process.exit(2);
}
const mtls = mtlsProfile();

const USAGE = `usage: npm run lab -- [command]
  start          (default) start the whole lab; LAB_MTLS=1 for the mTLS profile (docs/mtls.md)
  status         what answers, breakers, toxics, restarts (LAB_MTLS=1 to look at an mTLS lab)
  certs rotate   issue a new lab CA and new certificates under <state dir>/${PKI_DIR} (the lab must be stopped)
  help           this text
Environment: LAB_STATE_DIR (default .lab/), LAB_PORT_OFFSET, LAB_REPLICAS, LAB_MTLS.`;

async function start(): Promise<void> {
  let lab: RunningLab | undefined;
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the lab...');
    // Ctrl-C reaches every child too: none of them may be brought back while the lab stops.
    for (const proc of lab?.processes ?? []) proc.supervise(false);
    for (const proc of [...(lab?.processes ?? [])].reverse()) {
      await proc.stop();
      console.log(`  stopped ${proc.name}`);
    }
    clearSupervisionState(labStateDir);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    // LAB_REPLICAS=crm-sync=3,webhook-processor=2: replicas behind HAProxy on the usual ports (src/fleet.ts)
    lab = await startFleet({
      topology,
      ports: 'topology',
      stateDir: labStateDir,
      replicas: parseReplicas(process.env.LAB_REPLICAS, topology),
      mtls,
      onStarted: (proc) => console.log(`  started ${proc.name} (pid ${proc.pid})`),
      // A process that dies by itself is logged and started again with backoff (Toxiproxy re-populated).
      supervise: true,
      onSupervisionEvent: (event) => console.log(`  [supervisor] ${describeEvent(event)}`),
    });
  } catch (error) {
    console.error(`the lab did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(summary(topology, lab.pki?.dir));
}

/** A service's URL as this lab serves it: https inside the mesh in the mTLS profile. */
const urlOf = (name: string, t: Topology) =>
  mtls && inMesh(name, t) ? serviceUrl(name, t).replace(/^http:/, 'https:') : serviceUrl(name, t);

function summary(t: Topology, pkiDir?: string): string {
  const genesys = proxyUrl('lab-to-genesys', t);
  const services = Object.keys(t.services)
    .map((name) => `  ${name.padEnd(30)} ${urlOf(name, t)}`)
    .join('\n');
  const ingress = pkiDir
    ? `
mTLS profile: STRICT inside (a client certificate from the lab CA in ${pkiDir}), docs/mtls.md
TLS ingress for Genesys (server certificate only)
${t.ingress.routes.map((r) => `  ${r.service.padEnd(30)} ${ingressUrl(t)}${r.path}${r.bearer ? '   (Authorization: Bearer <token>)' : ''}`).join('\n')}
  curl --cacert ${join(pkiDir, 'ca.crt')} ${ingressUrl(t)}${t.ingress.routes[0]?.path ?? '/'} -H "Authorization: Bearer ${t.ingress.routes[0]?.bearer?.token ?? ''}" -H content-type:application/json -d '{"contactId":"c-1"}'
  curl --cacert ${join(pkiDir, 'ca.crt')} --cert ${join(pkiDir, `${RUNNER_IDENTITY}.crt`)} --key ${join(pkiDir, `${RUNNER_IDENTITY}.key`)} ${urlOf('crm-sync', t)}/healthz
`
    : '';
  const proxies = t.proxies.map((p) => `  ${p.name.padEnd(30)} ${proxyUrl(p.name, t)} -> ${p.upstream}`).join('\n');
  return `
Genesys Resilience Lab is up (logs in ${join(labStateDir, 'logs')}).

Services
${services}
${ingress}Toxiproxy proxies (API ${toxiproxyApi})
${proxies}
Infrastructure
  Redis                          ${pkiDir ? 'rediss' : 'redis'}://${t.host}:${t.infra.redis.port}
  Prometheus                     ${at(t.infra.prometheus.port)}
  Jaeger query API               ${at(t.infra.jaeger.queryPort)}/api/traces?service=<name>   (OTLP/HTTP in: ${at(t.infra.jaeger.otlpHttpPort)})

Try it:
  curl -s -u lab-client:lab-secret -d grant_type=client_credentials ${genesys}/oauth/token
  curl -s -H "Authorization: Bearer <access_token>" ${genesys}/api/v2/routing/queues
  curl -s -X POST ${toxiproxyApi}/proxies/lab-to-genesys/toxics -d '{"type":"latency","attributes":{"latency":500}}'

Press Ctrl-C to stop everything.`;
}

async function status(): Promise<void> {
  const up = (ok: boolean) => (ok ? 'up' : 'down');
  // One look, no retry: allow a loaded machine a few seconds before calling something down.
  const check = (url: string, tls?: ClientTls) => httpOk(url, STATUS_TIMEOUT_MS, tls).catch(() => false);
  // The mTLS profile: status presents the runner's certificate, from the running lab's PKI.
  const pki = mtls ? readLabPki(labStateDir) : undefined;
  if (mtls && !pki)
    console.log(`no lab PKI in ${join(labStateDir, PKI_DIR)}: has an mTLS lab run from this state folder?`);
  const tls = pki ? readIdentity(pki.identity(RUNNER_IDENTITY)) : undefined;
  const redisScheme = tls ? 'rediss' : 'redis';
  const rows: [string, string, string][] = [
    [
      'redis',
      `${redisScheme}://${topology.host}:${topology.infra.redis.port}`,
      up(await redisPing(topology.infra.redis.port, topology.host, tls)),
    ],
    ['toxiproxy', toxiproxyApi, up(await check(`${toxiproxyApi}/version`))],
    [
      'prometheus',
      at(topology.infra.prometheus.port),
      up(await check(`${at(topology.infra.prometheus.port)}/-/ready`)),
    ],
    [
      'jaeger',
      at(topology.infra.jaeger.queryPort),
      up(await check(`${at(topology.infra.jaeger.queryPort)}/api/services`)),
    ],
  ];
  for (const [name, spec] of Object.entries(topology.services)) {
    const url = urlOf(name, topology);
    rows.push([name, url, await serviceState(`${url}${spec.healthPath}`, inMesh(name, topology) ? tls : undefined)]);
  }
  if (tls) {
    // The ingress answers anything (no client certificate); a GET of a route is its service's 405: it is up.
    const routed = topology.ingress.routes[0]?.path ?? '/';
    // As Genesys would call it: the ingress' certificate checked against the lab CA, no client certificate.
    const asGenesys = { ca: tls.ca } as ClientTls;
    const signal = AbortSignal.timeout(STATUS_TIMEOUT_MS);
    const answers = await labFetch(`${ingressUrl(topology)}${routed}`, asGenesys, { signal })
      .then(() => true)
      .catch(() => false);
    rows.push(['ingress', ingressUrl(topology), up(answers)]);
  }
  // the replicas of a fleet (LAB_REPLICAS), each on its own port behind the service's usual one
  const fleetFile = join(labStateDir, 'fleet.json');
  const fleet = existsSync(fleetFile)
    ? ((JSON.parse(readFileSync(fleetFile, 'utf8')) as { instances: FleetInstance[] }).instances ?? [])
    : [];
  for (const { instance, url, service } of fleet) {
    const spec = topology.services[service];
    if (spec) rows.push([`  replica ${instance}`, url, await serviceState(`${url}${spec.healthPath}`)]);
  }
  // Toxiproxy's GET /proxies lists each proxy with its toxics (the client library's objects omit them).
  const proxies = (await fetch(`${toxiproxyApi}/proxies`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) })
    .then((r) => r.json())
    .catch(() => ({}))) as Record<string, { enabled: boolean; toxics: unknown[] }>;
  for (const spec of topology.proxies) {
    const live = proxies[spec.name];
    const state = live ? `${live.enabled ? 'enabled' : 'disabled'}, ${live.toxics.length} toxic(s)` : 'absent';
    rows.push([`proxy ${spec.name}`, proxyUrl(spec.name, topology), state]);
  }
  // Restarts by the supervisor of the running `lab start` (its state file in LAB_STATE_DIR).
  const supervised = new Map(readSupervisionState(labStateDir)?.processes.map((p) => [p.name, p]));
  for (const row of rows) {
    const proc = supervised.get(row[0]);
    if (proc) row[2] = `${row[2]}; restarts ${proc.restarts}${proc.lastEvent ? ` (last: ${proc.lastEvent})` : ''}`;
  }
  for (const [name, url, state] of rows) console.log(`${name.padEnd(36)} ${url.padEnd(26)} ${state}`);
}

/** "up", plus each dependency's breaker and mode when the service reports them (the lab's services do). */
async function serviceState(healthUrl: string, tls?: ClientTls): Promise<string> {
  try {
    const response = await labFetch(healthUrl, tls, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    if (!response.ok) return `unhealthy (${response.status})`;
    const health = (await response.json()) as {
      mode?: string;
      dependencies?: Record<string, { breaker?: string; rateLimit?: string }>;
    };
    const deps = Object.entries(health.dependencies ?? {}).map(
      ([dep, state]) =>
        `${dep}: breaker ${state.breaker ?? 'none'}${state.rateLimit ? `, limiter ${state.rateLimit}` : ''}`,
    );
    return ['up', health.mode, ...deps].filter(Boolean).join('; ');
  } catch {
    return 'down';
  }
}

/** `certs rotate`: a new CA and every certificate, refused while a lab runs from this state folder. */
async function certs(sub: string | undefined): Promise<void> {
  if (sub !== 'rotate') {
    console.error(`unknown certs command "${sub ?? ''}"; use: certs rotate\n${USAGE}`);
    process.exit(2);
  }
  if (readSupervisionState(labStateDir)) {
    // Running processes keep the certificates they read at start; a restarted one would not be trusted by them.
    console.error(`a lab is running from ${labStateDir}: stop it (Ctrl-C), then rotate`);
    process.exit(1);
  }
  const pki = await ensureLabPki(labStateDir, labIdentities(topology), { rotate: true });
  console.log(`issued a new lab CA and ${labIdentities(topology).length} certificates in ${pki.dir}`);
}

const command = process.argv[2] ?? 'start';
if (command === 'start') await start();
else if (command === 'status') await status();
else if (command === 'certs') await certs(process.argv[3]);
else if (['help', '--help', '-h'].includes(command)) console.log(USAGE);
else {
  console.error(`unknown command "${command}"\n${USAGE}`);
  process.exit(2);
}
