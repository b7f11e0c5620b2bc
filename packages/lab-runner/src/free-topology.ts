import { type Topology, topologySchema } from '@lab/topology';
import { freePort } from './free-port.js';

/** `count` distinct ports that were free a moment ago (the kernel's own choice, so two labs never pick alike). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let tries = 0; ports.size < count && tries < count * 10; tries++) ports.add(await freePort());
  if (ports.size < count) throw new Error(`found only ${ports.size} free ports of ${count}`);
  return [...ports];
}

/**
 * The same topology with every port (Toxiproxy's API and listeners, services, the ingress, Redis, Prometheus, Jaeger) replaced
 * by a free one: a lab for a test that cannot collide with a running lab or with a test in another worktree. A
 * fixed LAB_PORT_OFFSET cannot promise that; ports the kernel hands out can.
 */
export async function withFreePorts(t: Topology): Promise<Topology> {
  const services = Object.entries(t.services);
  const ports = await distinctFreePorts(8 + services.length + t.proxies.length);
  const next = (): number => {
    const port = ports.pop();
    if (port === undefined) throw new Error('ran out of free ports');
    return port;
  };
  return topologySchema.parse({
    ...t,
    toxiproxy: { apiPort: next() },
    ingress: { ...t.ingress, port: next() },
    infra: {
      redis: { port: next() },
      prometheus: { ...t.infra.prometheus, port: next() },
      jaeger: { otlpHttpPort: next(), otlpGrpcPort: next(), queryPort: next() },
      grafana: { port: next() },
    },
    services: Object.fromEntries(services.map(([name, s]) => [name, { ...s, port: next() }])),
    proxies: t.proxies.map((p) => ({ ...p, listenPort: next() })),
  });
}
