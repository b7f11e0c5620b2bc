import { z } from 'zod';
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
    /** Processes the lab runs that are not proxied services: Redis, Prometheus, Jaeger. */
    infra: z.object({
      redis: z.object({ port }),
      prometheus: z.object({ port, scrapeIntervalSeconds: z.number().int().min(1).max(60) }),
      jaeger: z.object({ otlpHttpPort: port, otlpGrpcPort: port, queryPort: port }),
    }),
    services: z.record(
      z.string(),
      z.object({
        port,
        healthPath: z.string().startsWith('/'),
        /** Where Prometheus scrapes the service; absent = not scraped. */
        metricsPath: z.string().startsWith('/').optional(),
        description: z.string(),
      }),
    ),
    proxies: z.array(
      z.object({ name: z.string().min(1), listenPort: port, upstream: z.string(), description: z.string() }),
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
    for (const [name, s] of Object.entries(t.services)) claim(s.port, `service ${name}`);
    for (const p of t.proxies) {
      claim(p.listenPort, `proxy ${p.name}`);
      if (!t.services[p.upstream]) {
        ctx.addIssue({ code: 'custom', message: `proxy ${p.name} points at unknown service ${p.upstream}` });
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
    infra: {
      redis: { port: t.infra.redis.port + offset },
      prometheus: { ...t.infra.prometheus, port: t.infra.prometheus.port + offset },
      jaeger: {
        otlpHttpPort: t.infra.jaeger.otlpHttpPort + offset,
        otlpGrpcPort: t.infra.jaeger.otlpGrpcPort + offset,
        queryPort: t.infra.jaeger.queryPort + offset,
      },
    },
    services: Object.fromEntries(Object.entries(t.services).map(([k, s]) => [k, { ...s, port: s.port + offset }])),
    proxies: t.proxies.map((p) => ({ ...p, listenPort: p.listenPort + offset })),
  });
}

/** Toxiproxy's own form of a proxy: `{name, listen, upstream}` with host:port strings. */
export function toxiproxyConfig(t: Topology = topology): { name: string; listen: string; upstream: string }[] {
  return t.proxies.map((p) => {
    const upstream = t.services[p.upstream];
    if (!upstream) throw new Error(`proxy ${p.name} points at unknown service ${p.upstream}`);
    return { name: p.name, listen: `${t.host}:${p.listenPort}`, upstream: `${t.host}:${upstream.port}` };
  });
}

export function serviceUrl(name: string, t: Topology = topology): string {
  const s = t.services[name];
  if (!s) throw new Error(`unknown service ${name}`);
  return `http://${t.host}:${s.port}`;
}

export function proxyUrl(name: string, t: Topology = topology): string {
  const p = t.proxies.find((x) => x.name === name);
  if (!p) throw new Error(`unknown proxy ${name}`);
  return `http://${t.host}:${p.listenPort}`;
}

export { prometheusConfig } from './prometheus-config.js';
