import type { RunningProcess } from '@lab/lab-runner';
import { proxyUrl, serviceUrl, type Topology } from '@lab/topology';
import { Toxiproxy } from 'toxiproxy-node-client';

/** Where the lab under review answers, and which services are replaced (the naive side's copies). */
export interface LabContext {
  topology: Topology;
  toxiproxy: Toxiproxy;
  toxiproxyUrl: string;
  prometheusUrl: string;
  jaegerUrl: string;
  redisUrl: string;
  /** Service name -> base URL of the copy that stands in for it (naive side). */
  replaced: Map<string, string>;
  /**
   * Processes the review started and may kill -9 and restart, by service name: the lab's (with --start-lab) and,
   * on the naive side, the target's copy. Empty against a running lab.
   */
  owned: Map<string, RunningProcess>;
}

export function labContext(topology: Topology): LabContext {
  const at = (port: number) => `http://${topology.host}:${port}`;
  const toxiproxyUrl = at(topology.toxiproxy.apiPort);
  return {
    topology,
    toxiproxy: new Toxiproxy(toxiproxyUrl),
    toxiproxyUrl,
    prometheusUrl: at(topology.infra.prometheus.port),
    jaegerUrl: at(topology.infra.jaeger.queryPort),
    redisUrl: `redis://${topology.host}:${topology.infra.redis.port}`,
    replaced: new Map(),
    owned: new Map(),
  };
}

/** The base URL of a topology service (or its naive copy) or of a Toxiproxy listener, by name. */
export function baseUrl(ctx: LabContext, name: string): string {
  const replacement = ctx.replaced.get(name);
  if (replacement) return replacement;
  if (ctx.topology.services[name]) return serviceUrl(name, ctx.topology);
  if (ctx.topology.proxies.some((p) => p.name === name)) return proxyUrl(name, ctx.topology);
  throw new Error(`"${name}" is neither a service nor a proxy of the topology`);
}

/** Replaces every `{{name}}` in a URL by that service's or proxy's base URL. */
export function resolveUrl(ctx: LabContext, template: string): string {
  return template.replace(/\{\{([a-z0-9-]+)\}\}/g, (_, name: string) => baseUrl(ctx, name));
}
