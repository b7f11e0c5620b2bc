import type { Topology } from '@lab/topology';
import type { LabPlan } from './lab-plan.js';

/** A port the lab listens on, and what listens there (for the message when another process holds it). */
export interface LabPort {
  port: number;
  what: string;
}

/**
 * Every fixed port a lab of `plan` listens on, from the topology: Toxiproxy's API and each proxy's listener,
 * Redis, Prometheus, Jaeger's three, and each app, or, for a service in `fronted` (replicated, LAB_REPLICAS), the
 * HAProxy frontend on its usual port. Ports a lab takes as free at start (replicas, the toxics exporter) are not
 * listed: the kernel hands them out free.
 */
export function labPorts(t: Topology, plan: LabPlan, fronted: ReadonlySet<string> = new Set()): LabPort[] {
  const ports: LabPort[] = [];
  if (plan.toxiproxy) {
    ports.push({ port: t.toxiproxy.apiPort, what: "Toxiproxy's API" });
    for (const p of plan.proxies) ports.push({ port: p.listenPort, what: `Toxiproxy's proxy ${p.name}` });
  }
  if (plan.redis) ports.push({ port: t.infra.redis.port, what: 'Redis' });
  if (plan.prometheus) ports.push({ port: t.infra.prometheus.port, what: 'Prometheus' });
  if (plan.jaeger) {
    const { otlpHttpPort, otlpGrpcPort, queryPort } = t.infra.jaeger;
    ports.push(
      { port: otlpHttpPort, what: "Jaeger's OTLP/HTTP receiver" },
      { port: otlpGrpcPort, what: "Jaeger's OTLP/gRPC receiver" },
      { port: queryPort, what: "Jaeger's query API" },
    );
  }
  for (const name of plan.services) {
    const spec = t.services[name];
    if (!spec) continue;
    const what = fronted.has(name) ? `HAProxy in front of ${name}'s replicas` : name;
    ports.push({ port: spec.port, what });
  }
  return ports;
}
