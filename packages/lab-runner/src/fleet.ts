import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topology as baseTopology, MAX_REPLICAS, prometheusConfig, type ScrapeTls, type Topology } from '@lab/topology';
import { freePort } from './free-port.js';
import { withFreePorts } from './free-topology.js';
import { type Frontend, startHaproxy } from './haproxy.js';
import { type LabOptions, type RunningLab, startLab } from './lab.js';
import { planLab } from './lab-plan.js';
import { labPorts } from './lab-ports.js';
import { assertPortsFree } from './ports-free.js';
import { startPrometheus } from './prometheus.js';

/** Replicas per service: `LAB_REPLICAS=crm-sync=3,webhook-processor=2` (unnamed services: one). */
export type Replicas = Record<string, number>;

/** One running instance of a replicated service. */
export interface FleetInstance {
  service: string;
  instance: string;
  url: string;
}

export interface RunningFleet extends RunningLab {
  /** Every instance of each replicated service, the first one included. */
  instances: FleetInstance[];
  /** Where callers reach a service: its load balancer on the usual port when replicated, else the service. */
  frontUrl(service: string): string;
}

/** Parses LAB_REPLICAS; throws naming the bad part (an unknown service, not a service, a count outside 1-10). */
export function parseReplicas(text: string | undefined, t: Topology = baseTopology): Replicas {
  const replicas: Replicas = {};
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(part);
    if (!match) throw new Error(`LAB_REPLICAS: "${part}" is not <service>=<count>`);
    const [, service = '', count] = match;
    if (t.services[service]?.kind !== 'service')
      throw new Error(`LAB_REPLICAS: ${service} is not a service of the lab`);
    const n = Number(count);
    if (n < 1 || n > MAX_REPLICAS) {
      throw new Error(`LAB_REPLICAS: ${service}=${n}: between 1 and ${MAX_REPLICAS} replicas`);
    }
    replicas[service] = n;
  }
  return replicas;
}

/** Each replica's identity: its consumer/lock name (REPLICA_ID) and its OTel service.instance.id. */
const identity = (instance: string) => ({
  REPLICA_ID: instance,
  OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${instance}`,
});

/**
 * The lab with several replicas of some services: each replica on a port of its own, with its own REPLICA_ID and
 * OTel service.instance.id, behind HAProxy on the service's usual port (callers and k6 keep one URL); Prometheus
 * scrapes every replica (label `instance`). Writes <stateDir>/fleet.json for `lab status`. Without replicas above
 * one it is startLab.
 */
export async function startFleet(options: LabOptions & { replicas: Replicas }): Promise<RunningFleet> {
  const given = options.topology ?? baseTopology;
  const t = options.ports === 'topology' ? given : await withFreePorts(given);
  const replicated = Object.entries(options.replicas).filter(([, n]) => n > 1);
  if (options.mtls && replicated.length > 0) {
    // The fleet's HAProxy checks and balances plain HTTP; over mTLS it would need TLS passthrough and TLS checks.
    throw new Error('the mTLS profile (LAB_MTLS=1) does not run fleets yet: unset LAB_REPLICAS or LAB_MTLS');
  }
  // Every port the whole fleet listens on (HAProxy's frontends and Prometheus, which it starts itself, included),
  // checked before anything starts; startLab checks its own part again.
  const fronted = new Set(replicated.map(([service]) => service));
  await assertPortsFree(labPorts(t, planLab(t, options), fronted), t.host);
  // the replicas listen on free ports; the usual port is the load balancer's
  const moved: Topology = structuredClone(t);
  for (const [service] of replicated) {
    const spec = moved.services[service];
    if (spec) spec.port = await freePort();
  }
  const wantsPrometheus = planLab(moved, options).prometheus;
  const env = { ...options.env };
  for (const [service] of replicated) env[service] = { ...env[service], ...identity(service) };
  const lab = await startLab({ ...options, topology: moved, ports: 'topology', env, prometheus: false });
  try {
    const instances: FleetInstance[] = [];
    const frontends: Frontend[] = [];
    for (const [service, count] of replicated) {
      if (!lab.plan.services.includes(service)) continue;
      const all = [lab.app(service)];
      for (let i = 2; i <= count; i++) {
        const instance = `${service}-${i}`;
        all.push(await lab.startService(service, { instance, env: identity(instance) }));
      }
      const spec = t.services[service]!;
      frontends.push({
        name: service,
        port: spec.port,
        healthPath: spec.healthPath,
        servers: all.map((app) => ({ name: app.name, port: Number(new URL(app.url).port) })),
      });
      instances.push(...all.map((app) => ({ service, instance: app.name, url: app.url })));
    }
    if (frontends.length > 0) {
      const haproxy = await startHaproxy({
        host: t.host,
        frontends,
        dir: join(lab.stateDir, 'haproxy'),
        logFile: join(lab.stateDir, 'logs', 'haproxy.log'),
      });
      lab.processes.push(haproxy);
      options.onStarted?.(haproxy);
    }
    if (wantsPrometheus) {
      const prometheus = await startPrometheus({
        port: t.infra.prometheus.port,
        host: t.host,
        // The mTLS profile: every target inside the mesh scraped over https with Prometheus' certificate.
        config: fleetPrometheusConfig(moved, instances, lab.pki?.identity('prometheus')),
        dataDir: join(lab.stateDir, 'prometheus'),
        logFile: join(lab.stateDir, 'logs', 'prometheus.log'),
      });
      lab.processes.push(prometheus);
      options.onStarted?.(prometheus);
    }
    writeFileSync(join(lab.stateDir, 'fleet.json'), `${JSON.stringify({ instances, frontends }, null, 2)}\n`);
    const fronted = new Set(frontends.map((f) => f.name));
    return {
      ...lab,
      instances,
      frontUrl: (service) =>
        fronted.has(service) ? `http://${t.host}:${t.services[service]?.port}` : lab.url(service),
    };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/** The lab's Prometheus configuration with one target per replica (label `instance`) in each service's job. */
export function fleetPrometheusConfig(t: Topology, instances: FleetInstance[], tls?: ScrapeTls): string {
  const config = JSON.parse(prometheusConfig(t, undefined, [], tls)) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[]; labels?: Record<string, string> }[] }[];
  };
  for (const job of config.scrape_configs) {
    const replicas = instances.filter((i) => i.service === job.job_name);
    if (replicas.length === 0) continue;
    job.static_configs = replicas.map((r) => ({
      targets: [new URL(r.url).host],
      labels: { service: r.service, instance: r.instance },
    }));
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}
