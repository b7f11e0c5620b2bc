import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appEnv,
  topology as baseTopology,
  ingressUrl,
  prometheusConfig,
  REDIS_DATA_DIR,
  serviceUrl,
  stateEnv,
  type Topology,
  toxiproxyConfig,
} from '@lab/topology';
import { freePort } from './free-port.js';
import { withFreePorts } from './free-topology.js';
import { startIngress } from './ingress.js';
import { startJaeger } from './jaeger.js';
import { type LabPlan, type LabSelection, planLab } from './lab-plan.js';
import { labPorts } from './lab-ports.js';
import { inMesh, mtlsEnv, RUNNER_IDENTITY, readIdentity } from './mtls-profile.js';
import { type RunningNodeApp, startNodeApp } from './node-app.js';
import { ensureLabPki, type LabPki, labIdentities } from './pki.js';
import { assertPortsFree } from './ports-free.js';
import type { RunningProcess, SupervisionEvent, SupervisionOptions } from './process.js';
import { startPrometheus } from './prometheus.js';
import { startRedis } from './redis.js';
import { clearSupervisionState, supervisionStateWriter } from './supervision-state.js';
import { type RunningToxicsExporter, startToxicsExporter } from './toxics-exporter.js';
import { populateProxies, type RunningToxiproxy, startToxiproxy } from './toxiproxy.js';
import type { ClientTls } from './wait.js';

export interface LabOptions extends LabSelection {
  /** Default: @lab/topology's. */
  topology?: Topology;
  /** "free" (default): every port replaced by a free one, so labs never collide; "topology": the ports as given. */
  ports?: 'free' | 'topology';
  /** Logs (logs/<name>.log) and data; default: a new temporary folder. */
  stateDir?: string;
  /** Extra variables per topology service, e.g. {"mock-genesys": {MOCK_JOB_DELAY_MS: "500"}}. */
  env?: Record<string, Record<string, string>>;
  /** Seed for Toxiproxy's randomness (toxicity, jitter). */
  toxiproxySeed?: number;
  /** Called as each process is up. */
  onStarted?: (proc: RunningProcess) => void;
  /**
   * Restart any process that dies by itself, with backoff (Toxiproxy gets its proxies again), and keep
   * `<stateDir>/supervision.json` for `lab status`. On for `lab start`; off by default for tests, which turn it on
   * to watch infrastructure come back. `kill()`/`stop()` on a handle still keep a process down either way.
   */
  supervise?: boolean | SupervisionOptions;
  /** Each supervision event (a death, a restart, a failed restart). */
  onSupervisionEvent?: (event: SupervisionEvent) => void;
  /**
   * The mTLS profile (`LAB_MTLS=1 npm run lab`): a lab CA and certificates under `<stateDir>/pki` (reused while
   * valid), STRICT mTLS on every port inside the mesh (services, mock CRM and notifier, Redis), Prometheus scraping
   * over https, and the TLS ingress for Genesys (topology `ingress`). Default: plain HTTP. See docs/mtls.md.
   */
  mtls?: boolean;
}

export interface StartServiceOptions {
  /** Variables on top of the lab's (options.env included) for this instance only. */
  env?: Record<string, string>;
  /** Process and log name; default: the service name, then <service>-2, -3... for further replicas. */
  instance?: string;
}

export interface RunningLab {
  /** The topology with the ports this lab really uses. */
  topology: Topology;
  stateDir: string;
  plan: LabPlan;
  /** Every process started so far (restarts keep their handle), in start order. */
  processes: RunningProcess[];
  /** The first instance of a topology service, or an instance by its name (e.g. "scheduler-2"). */
  app(name: string): RunningNodeApp;
  /** Any process of the lab by name: "redis", "toxiproxy", "jaeger", "prometheus" or an app's instance. */
  process(name: string): RunningProcess;
  /** The URL of a topology service's first instance. */
  url(service: string): string;
  redisUrl: string;
  /** The mTLS profile's PKI, and the runner's own client certificate (for a test's clients); undefined when plain. */
  pki: LabPki | undefined;
  clientTls: ClientTls | undefined;
  /** The TLS ingress (https://host:port), when the mTLS profile runs one. */
  ingressUrl: string | undefined;
  toxiproxy: RunningToxiproxy | undefined;
  /** Toxiproxy's toxics as metrics (toxiproxy_toxic_active), scraped by Prometheus: when both run. */
  toxicsExporter: RunningToxicsExporter | undefined;
  /** Starts one more instance of a service of the lab (a replica, or one of `onDemand`), on a port of its own. */
  startService(service: string, options?: StartServiceOptions): Promise<RunningNodeApp>;
  /** Stops every process, last started first. */
  stop(): Promise<void>;
}

/**
 * Starts the lab, or the part of it a test asks for, from the topology, in dependency order: first Redis, Jaeger,
 * Toxiproxy (the proxies between what runs), the mocks and Prometheus, side by side; then the services (traced when
 * Jaeger runs), side by side. If one part fails, the others are awaited, what started is stopped and the error is
 * rethrown.
 */
export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const given = options.topology ?? baseTopology;
  const t = options.ports === 'topology' ? given : await withFreePorts(given);
  const plan = planLab(t, options);
  // Before anything starts: a port another process holds is one clear error, and nothing is left running.
  await assertPortsFree(labPorts(t, plan), t.host);
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'lab-'));
  const logDir = join(stateDir, 'logs');
  const { host, infra } = t;
  const processes: RunningProcess[] = [];
  const apps = new Map<string, RunningNodeApp>();
  /** Every instance started or starting, with the topology service it is an instance of. */
  const serviceOf = new Map<string, string>();
  const supervision = options.supervise ? supervisionStateWriter(stateDir) : undefined;
  const pki = options.mtls ? await ensureLabPki(stateDir, labIdentities(t)) : undefined;
  const clientTls = pki ? readIdentity(pki.identity(RUNNER_IDENTITY)) : undefined;
  const meshTls = (name: string) => (pki && inMesh(name, t) ? clientTls : undefined);
  const urlOf = (name: string, port: number) => `${meshTls(name) ? 'https' : 'http'}://${host}:${port}`;
  const supervisionOptions: SupervisionOptions = {
    ...(typeof options.supervise === 'object' ? options.supervise : {}),
    onEvent: (event) => {
      supervision?.note(event);
      supervision?.write(processes);
      options.onSupervisionEvent?.(event);
    },
  };
  const started = <T extends RunningProcess>(proc: T): T => {
    processes.push(proc);
    if (supervision) {
      proc.supervise(supervisionOptions);
      supervision.write(processes);
    }
    options.onStarted?.(proc);
    return proc;
  };
  let toxicsExporter: RunningToxicsExporter | undefined;
  const stop = async () => {
    for (const proc of processes) proc.supervise(false);
    for (const proc of [...processes].reverse()) await proc.stop().catch(() => {});
    await toxicsExporter?.stop();
    if (supervision) clearSupervisionState(stateDir);
  };

  const startService = async (service: string, extra: StartServiceOptions = {}) => {
    const spec = t.services[service];
    if (!spec || ![...plan.services, ...plan.onDemand].includes(service)) {
      throw new Error(`${service} is not part of this lab (services: ${[...plan.services, ...plan.onDemand]})`);
    }
    // Counted by the service each instance was started for, never by its name: "a" and "b" of crm-sync are two.
    const replicas = [...serviceOf.values()].filter((s) => s === service).length;
    const instance = extra.instance ?? (replicas === 0 ? service : `${service}-${replicas + 1}`);
    if (apps.has(instance) || serviceOf.has(instance)) throw new Error(`${instance} already runs`);
    // The first instance listens where the topology says (and where the proxies point); replicas on free ports.
    serviceOf.set(instance, service); // before any await: a replica started alongside counts this one
    try {
      const app = await startInstance(service, spec, instance, replicas === 0 ? spec.port : await freePort(), extra);
      apps.set(instance, app);
      return app;
    } catch (error) {
      serviceOf.delete(instance); // it never ran: the next start may take its place (and its port)
      throw error;
    }
  };
  const startInstance = async (
    service: string,
    spec: Topology['services'][string],
    instance: string,
    port: number,
    extra: StartServiceOptions,
  ) => {
    const traced = spec.kind === 'service' && plan.jaeger;
    const placed = labEnv(service, t, plan);
    const tls = meshTls(service);
    return started(
      await startNodeApp({
        app: spec.app,
        name: instance,
        url: urlOf(service, port),
        healthPath: spec.healthPath,
        nodeArgs: traced ? ['--import', '@lab/telemetry/instrumentation'] : [],
        ...(tls && { tls }),
        env: {
          ...placed,
          ...(pki && mtlsEnv(service, t, pki, placed)),
          ...stateEnv(service, stateDir, t),
          ...options.env?.[service],
          ...extra.env,
          [spec.portEnv]: String(port),
        },
        logFile: join(logDir, `${instance}.log`),
      }),
    );
  };

  let toxiproxy: RunningToxiproxy | undefined;
  const startToxiproxyWithProxies = async () => {
    toxiproxy = started(
      await startToxiproxy({
        port: t.toxiproxy.apiPort,
        host,
        seed: options.toxiproxySeed,
        logFile: join(logDir, 'toxiproxy.log'),
      }),
    );
    const names = new Set(plan.proxies.map((p) => p.name));
    const proxies = toxiproxyConfig(t).filter((p) => names.has(p.name));
    const { apiUrl } = toxiproxy;
    await populateProxies(apiUrl, proxies);
    // A restarted Toxiproxy knows no proxies: every restart (supervised or asked for) populates it again.
    toxiproxy.onRestart(() => populateProxies(apiUrl, proxies));
  };
  const kind = (name: string) => t.services[name]?.kind;
  try {
    // What depends on nothing starts side by side: Redis, Jaeger, Toxiproxy, the mocks and Prometheus (it only
    // scrapes; a target not up yet is a failed scrape, not an error). Then the services, side by side too: each
    // needs Redis, the proxies, the mocks behind them and Jaeger, all up by then.
    await allStarted([
      plan.redis &&
        (async () => {
          const dataDir = join(stateDir, REDIS_DATA_DIR);
          const logFile = join(logDir, 'redis.log');
          const tls = pki && clientTls ? { server: pki.identity('redis'), client: clientTls } : undefined;
          started(await startRedis({ port: infra.redis.port, host, dataDir, logFile, ...(tls && { tls }) }));
        })(),
      plan.jaeger &&
        (async () => {
          const dataDir = join(stateDir, 'jaeger');
          started(await startJaeger({ ...infra.jaeger, host, dataDir, logFile: join(logDir, 'jaeger.log') }));
        })(),
      plan.toxiproxy && startToxiproxyWithProxies(),
      ...plan.services.filter((name) => kind(name) === 'mock').map((name) => startService(name)),
      plan.prometheus &&
        (async () => {
          const dataDir = join(stateDir, 'prometheus');
          const logFile = join(logDir, 'prometheus.log');
          // Toxiproxy exports no metrics of its own: an exporter in this process reads its API at each scrape (a
          // scrape before Toxiproxy is up fails, as any target not up yet).
          if (plan.toxiproxy) {
            const apiUrl = `http://${host}:${t.toxiproxy.apiPort}`;
            toxicsExporter = await startToxicsExporter({ apiUrl, host, port: await freePort() });
          }
          const extra = toxicsExporter ? [{ job: 'toxiproxy', target: new URL(toxicsExporter.url).host }] : [];
          const scrapeTls = pki?.identity('prometheus');
          const config = prometheusConfig(t, undefined, extra, scrapeTls);
          started(await startPrometheus({ port: infra.prometheus.port, host, config, dataDir, logFile }));
        })(),
    ]);
    await allStarted(plan.services.filter((name) => kind(name) !== 'mock').map((name) => startService(name)));
    // The TLS ingress for Genesys, in front of the routed services that run (HAProxy; src/ingress.ts).
    if (pki && t.ingress.routes.some((r) => plan.services.includes(r.service))) {
      const dir = join(stateDir, 'ingress');
      started(await startIngress({ topology: t, pki, dir, logFile: join(logDir, 'ingress.log') }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const app = (name: string) => {
    const found = apps.get(name);
    if (!found) throw new Error(`no running instance ${name} (running: ${[...apps.keys()].join(', ')})`);
    return found;
  };
  return {
    topology: t,
    stateDir,
    plan,
    processes,
    app,
    process: (name) => {
      const found = processes.find((p) => p.name === name);
      if (!found) throw new Error(`no process ${name} in this lab`);
      return found;
    },
    url: (service) => (meshTls(service) ? serviceUrl(service, t).replace(/^http:/, 'https:') : serviceUrl(service, t)),
    redisUrl: `${pki ? 'rediss' : 'redis'}://${host}:${infra.redis.port}`,
    pki,
    clientTls,
    ingressUrl: pki ? ingressUrl(t) : undefined,
    toxiproxy,
    toxicsExporter,
    startService,
    stop,
  };
}

/** Waits for every start (so that none is left running unseen), then throws the first failure, if any. */
async function allStarted(starts: (Promise<unknown> | false)[]): Promise<void> {
  const outcomes = await Promise.allSettled(starts.filter((start) => start !== false));
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * appEnv (listen address, proxies' URLs, Redis, trace export) for what this lab runs: without Toxiproxy a service
 * calls its upstreams directly; without Jaeger it exports no traces; without Redis it gets no REDIS_URL.
 */
function labEnv(name: string, t: Topology, plan: LabPlan): Record<string, string> {
  const env = appEnv(name, t);
  if (!plan.jaeger) {
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.OTEL_SERVICE_NAME;
  }
  if (!plan.redis) delete env.REDIS_URL;
  if (!plan.toxiproxy) {
    for (const p of t.proxies) if (p.client === name && p.env) env[p.env] = serviceUrl(p.upstream, t);
  }
  return env;
}
