import { z } from 'zod';
import { type Addressing, nativeAddressing } from './addressing.js';
import raw from './topology.json' with { type: 'json' };

/**
 * The lab's topology: every process, its port and every Toxiproxy proxy between a caller and what it calls.
 * The one source of truth for the native runner, Toxiproxy's configuration, Prometheus' scrape targets and tests.
 */
const port = z.number().int().min(1).max(65_535);

export const topologySchema = z
  .object({
    host: z.string().min(1),
    toxiproxy: z.object({ apiPort: port }),
    /** Processes the lab runs that are not proxied services: Redis, Prometheus, Jaeger; Grafana (compose only). */
    infra: z.object({
      redis: z.object({ port }),
      prometheus: z.object({ port, scrapeIntervalSeconds: z.number().int().min(1).max(60) }),
      jaeger: z.object({ otlpHttpPort: port, otlpGrpcPort: port, queryPort: port }),
      grafana: z.object({ port }),
    }),
    services: z.record(
      z.string(),
      z.object({
        port,
        /** mock: stands in for Genesys or a downstream; service: one of the four sample services. */
        kind: z.enum(['mock', 'service']),
        /** Its workspace folder; the runner starts <app>/dist/main.js. */
        app: z.string().startsWith('apps/'),
        /** The variables that set its listen address (each app names its own). */
        hostEnv: z.string().regex(/^[A-Z_]+$/),
        portEnv: z.string().regex(/^[A-Z_]+$/),
        healthPath: z.string().startsWith('/'),
        /** Where Prometheus scrapes the service; absent = not scraped. */
        metricsPath: z.string().startsWith('/').optional(),
        /**
         * Variables that name a folder of the app's own state, each with its folder under the lab's state dir
         * (LAB_STATE_DIR), so that two labs never share one: e.g. {"EXPORT_DIR": "exports"}. See stateEnv.
         */
        stateDirs: z.record(z.string().regex(/^[A-Z_]+$/), z.string().regex(/^[a-z0-9-]+$/)).optional(),
        description: z.string(),
        /**
         * Outside the lab's mesh: it stands for something beyond the organisation (mock-genesys is the Genesys
         * platform), so the mTLS profile leaves it plain HTTP and gives it no certificate.
         */
        outsideMesh: z.boolean().optional(),
        /**
         * A service's own OAuth client at the (mock) platform: one per service, so the platform's per-client figures
         * tell them apart (the org budget spans them all). Lab-only credentials; appEnv passes them as
         * GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET, and the mock knows every one (genesysClients).
         */
        genesysClient: z
          .object({ id: z.string().regex(/^[a-z0-9-]+$/), secret: z.string().regex(/^[\w.-]{8,}$/) })
          .optional(),
      }),
    ),
    /**
     * The TLS ingress of the mTLS profile (`LAB_MTLS=1`): one HTTPS listener with a server certificate only (Genesys
     * presents no mesh certificate) that forwards exactly these paths to their services over mTLS; any other path
     * is a 404. A route's `bearer` is the credential its Genesys integration is configured with, given to the
     * service as `env` (lab-only, like the OAuth secrets).
     */
    ingress: z.object({
      port,
      description: z.string(),
      routes: z.array(
        z.object({
          path: z.string().regex(/^\/[\w/.-]*$/),
          service: z.string(),
          bearer: z
            .object({ env: z.string().regex(/^[A-Z_]+$/), token: z.string().regex(/^[\w.~+/=-]{16,}$/) })
            .optional(),
        }),
      ),
    }),
    proxies: z.array(
      z.object({
        name: z.string().min(1),
        listenPort: port,
        upstream: z.string(),
        /** The service whose calls go through this proxy, and the variable that gives it the proxy's URL. */
        client: z.string().optional(),
        env: z
          .string()
          .regex(/^[A-Z_]+$/)
          .optional(),
        description: z.string(),
      }),
    ),
  })
  .superRefine((t, ctx) => {
    const used = new Map<number, string>([[t.toxiproxy.apiPort, 'toxiproxy api']]);
    const claim = (p: number, who: string) => {
      const other = used.get(p);
      if (other) ctx.addIssue({ code: 'custom', message: `port ${p} is used by both ${other} and ${who}` });
      used.set(p, who);
    };
    claim(t.infra.redis.port, 'redis');
    claim(t.infra.prometheus.port, 'prometheus');
    claim(t.infra.jaeger.otlpHttpPort, 'jaeger otlp http');
    claim(t.infra.jaeger.otlpGrpcPort, 'jaeger otlp grpc');
    claim(t.infra.jaeger.queryPort, 'jaeger query');
    claim(t.infra.grafana.port, 'grafana');
    claim(t.ingress.port, 'ingress');
    for (const [name, s] of Object.entries(t.services)) claim(s.port, `service ${name}`);
    for (const r of t.ingress.routes) {
      if (!t.services[r.service])
        ctx.addIssue({ code: 'custom', message: `ingress route ${r.path} points at unknown service ${r.service}` });
    }
    for (const p of t.proxies) {
      claim(p.listenPort, `proxy ${p.name}`);
      if (!t.services[p.upstream]) {
        ctx.addIssue({ code: 'custom', message: `proxy ${p.name} points at unknown service ${p.upstream}` });
      }
      if ((p.client === undefined) !== (p.env === undefined)) {
        ctx.addIssue({ code: 'custom', message: `proxy ${p.name} needs both client and env, or neither` });
      }
      if (p.client !== undefined && !t.services[p.client]) {
        ctx.addIssue({ code: 'custom', message: `proxy ${p.name} is used by unknown service ${p.client}` });
      }
    }
  });

export type Topology = z.infer<typeof topologySchema>;
export type ProxySpec = Topology['proxies'][number];

export const topology: Topology = topologySchema.parse(raw);

/** The same topology with every port moved by `offset`: a second lab (or a test) beside a running one. */
export function withPortOffset(t: Topology, offset: number): Topology {
  if (!Number.isInteger(offset) || offset < 0 || offset > 40_000) throw new Error(`bad port offset ${offset}`);
  if (offset === 0) return t;
  return topologySchema.parse({
    ...t,
    toxiproxy: { apiPort: t.toxiproxy.apiPort + offset },
    ingress: { ...t.ingress, port: t.ingress.port + offset },
    infra: {
      redis: { port: t.infra.redis.port + offset },
      prometheus: { ...t.infra.prometheus, port: t.infra.prometheus.port + offset },
      jaeger: {
        otlpHttpPort: t.infra.jaeger.otlpHttpPort + offset,
        otlpGrpcPort: t.infra.jaeger.otlpGrpcPort + offset,
        queryPort: t.infra.jaeger.queryPort + offset,
      },
      grafana: { port: t.infra.grafana.port + offset },
    },
    services: Object.fromEntries(Object.entries(t.services).map(([k, s]) => [k, { ...s, port: s.port + offset }])),
    proxies: t.proxies.map((p) => ({ ...p, listenPort: p.listenPort + offset })),
  });
}

/**
 * Toxiproxy's own form of a proxy: `{name, listen, upstream}` with host:port strings. `at` places the processes
 * (default: the native lab, all on the topology host; composeAddressing for docker/toxiproxy.json).
 */
export function toxiproxyConfig(
  t: Topology = topology,
  at: Addressing = nativeAddressing(t),
): { name: string; listen: string; upstream: string }[] {
  return t.proxies.map((p) => {
    const upstream = t.services[p.upstream];
    if (!upstream) throw new Error(`proxy ${p.name} points at unknown service ${p.upstream}`);
    return {
      name: p.name,
      listen: `${at.listen}:${p.listenPort}`,
      upstream: `${at.hostOf(p.upstream)}:${upstream.port}`,
    };
  });
}

/**
 * The variables that place a service in the topology: its listen address, and for each proxy it calls through,
 * that proxy's URL (e.g. crm-sync gets CRM_URL=http://127.0.0.1:18212, its Toxiproxy listener to the CRM).
 * With composeAddressing: listen on 0.0.0.0, proxies at http://toxiproxy:<port>.
 */
export function serviceEnv(
  name: string,
  t: Topology = topology,
  at: Addressing = nativeAddressing(t),
): Record<string, string> {
  const s = t.services[name];
  if (!s) throw new Error(`unknown service ${name}`);
  const env: Record<string, string> = { [s.hostEnv]: at.listen, [s.portEnv]: String(s.port) };
  const toxiproxy = at.hostOf('toxiproxy');
  for (const p of t.proxies) if (p.client === name && p.env) env[p.env] = `http://${toxiproxy}:${p.listenPort}`;
  return env;
}

/** Every service's OAuth client (see genesysClient), for the mock platform to know them. */
export function genesysClients(t: Topology = topology): { service: string; clientId: string; clientSecret: string }[] {
  return Object.entries(t.services).flatMap(([service, s]) =>
    s.genesysClient ? [{ service, clientId: s.genesysClient.id, clientSecret: s.genesysClient.secret }] : [],
  );
}

export function serviceUrl(name: string, t: Topology = topology): string {
  const s = t.services[name];
  if (!s) throw new Error(`unknown service ${name}`);
  return `http://${t.host}:${s.port}`;
}

/** The mTLS profile's TLS ingress (HTTPS, server certificate only), e.g. https://127.0.0.1:18443. */
export function ingressUrl(t: Topology = topology): string {
  return `https://${t.host}:${t.ingress.port}`;
}

export function proxyUrl(name: string, t: Topology = topology): string {
  const p = t.proxies.find((x) => x.name === name);
  if (!p) throw new Error(`unknown proxy ${name}`);
  return `http://${t.host}:${p.listenPort}`;
}

export { type Addressing, composeAddressing, kubernetesAddressing, nativeAddressing } from './addressing.js';
export {
  composeHaproxyConfig,
  DOCKER_DNS,
  LOAD_BALANCER,
  MAX_REPLICAS,
  replicasVariable,
  replicatedServices,
} from './compose-fleet.js';
export { appEnv, DOCKER_ENV_DIR, dockerConfig, writeDockerConfig } from './docker-config.js';
export {
  type HaproxyFrontend,
  type HaproxyOptions,
  type HaproxyServers,
  haproxyConfig,
} from './haproxy-config.js';
export { type JaegerConfigOptions, jaegerConfigYaml } from './jaeger-config.js';
export { CHART_TOPOLOGY_FILE, chartTopologyFile, kubernetesValues, POD_STATE_DIR } from './kubernetes-config.js';
export { prometheusConfig, type ScrapeTls } from './prometheus-config.js';
export { REDIS_DATA_DIR, REDIS_DURABILITY_ARGS } from './redis-durability.js';
export { stateEnv } from './state-env.js';
