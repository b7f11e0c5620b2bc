import type { ProxySpec, Topology } from '@lab/topology';

/** Which part of the topology a lab runs. Everything is optional: `{}` is the whole lab, as `lab start` runs it. */
export interface LabSelection {
  /** Topology services started at once, e.g. ["scheduler"]; default: every one. What they call starts too. */
  services?: string[];
  /** Services the test starts itself with `lab.startService` (e.g. after setting a fault); what they call starts now. */
  onDemand?: string[];
  /** Redis; default: when a service (not a mock) is in the lab. */
  redis?: boolean;
  /** Toxiproxy; default: when a proxy has both ends in the lab. */
  toxiproxy?: boolean;
  /** Jaeger (and the services traced into it); default: only for the whole lab. */
  jaeger?: boolean;
  /** Prometheus scraping the lab's apps; default: only for the whole lab. */
  prometheus?: boolean;
}

export interface LabPlan {
  /** In start order: mocks first, then the services. */
  services: string[];
  onDemand: string[];
  proxies: ProxySpec[];
  redis: boolean;
  toxiproxy: boolean;
  jaeger: boolean;
  prometheus: boolean;
}

/**
 * The services asked for, plus the upstream of every proxy they call through (crm-sync brings mock-genesys and
 * mock-crm), and the proxies whose both ends are in the lab (a proxy without a client, e.g. lab-to-genesys, comes
 * with its upstream).
 */
export function planLab(t: Topology, selection: LabSelection = {}): LabPlan {
  const whole = selection.services === undefined && selection.onDemand === undefined;
  const asked = [...(selection.services ?? (whole ? Object.keys(t.services) : [])), ...(selection.onDemand ?? [])];
  for (const name of asked) if (!t.services[name]) throw new Error(`unknown service ${name}`);
  const inLab = new Set(asked);
  for (const p of t.proxies) if (p.client && inLab.has(p.client)) inLab.add(p.upstream);

  const onDemand = [...new Set(selection.onDemand ?? [])];
  const atStart = [...inLab].filter((name) => !onDemand.includes(name));
  const kind = (name: string) => t.services[name]?.kind;
  const services = [...atStart.filter((n) => kind(n) === 'mock'), ...atStart.filter((n) => kind(n) === 'service')];
  const proxies = t.proxies.filter((p) => inLab.has(p.upstream) && (p.client === undefined || inLab.has(p.client)));
  const wantsProxy = proxies.some((p) => p.client !== undefined);
  return {
    services,
    onDemand,
    proxies,
    redis: selection.redis ?? [...inLab].some((name) => kind(name) === 'service'),
    toxiproxy: selection.toxiproxy ?? (whole || wantsProxy),
    jaeger: selection.jaeger ?? whole,
    prometheus: selection.prometheus ?? whole,
  };
}
