// Where the lab is, read from the one topology (packages/topology/src/topology.json) and moved by LAB_PORT_OFFSET,
// so a scenario needs no URL to run against `npm run lab`. Every URL can still be overridden from __ENV.

interface TopologyFile {
  host: string;
  toxiproxy: { apiPort: number };
  services: Record<string, { port: number }>;
  proxies: { name: string; listenPort: number; upstream: string }[];
  infra: { prometheus: { port: number }; jaeger: { queryPort: number } };
}

const topology = JSON.parse(open('../../packages/topology/src/topology.json')) as TopologyFile;
const offset = Number(__ENV.LAB_PORT_OFFSET ?? 0);
if (!Number.isInteger(offset) || offset < 0)
  throw new Error(`LAB_PORT_OFFSET must be a whole number, got "${__ENV.LAB_PORT_OFFSET}"`);
const at = (port: number) => `http://${topology.host}:${port + offset}`;

function serviceUrl(name: string): string {
  const envName = `${name.toUpperCase().replace(/-/g, '_')}_URL`;
  const spec = topology.services[name];
  if (!spec) throw new Error(`the topology has no service ${name}`);
  return __ENV[envName] ?? at(spec.port);
}

/** The lab's URLs: services, mocks (admin APIs), Toxiproxy, Prometheus, Jaeger. */
export const lab = {
  crmSync: serviceUrl('crm-sync'),
  webhookProcessor: serviceUrl('webhook-processor'),
  analyticsExporter: serviceUrl('analytics-exporter'),
  scheduler: serviceUrl('scheduler'),
  mockGenesys: serviceUrl('mock-genesys'),
  mockCrm: serviceUrl('mock-crm'),
  mockNotifier: serviceUrl('mock-notifier'),
  toxiproxy: __ENV.TOXIPROXY_URL ?? at(topology.toxiproxy.apiPort),
  prometheus: __ENV.PROMETHEUS_URL ?? at(topology.infra.prometheus.port),
  jaeger: __ENV.JAEGER_URL ?? at(topology.infra.jaeger.queryPort),
  /** The proxy names of the topology, to check a scenario's target exists. */
  proxies: topology.proxies.map((p) => p.name),
};

/** The webhook intake's HMAC secret (the services' default; set WEBHOOK_SECRET when the lab uses another). */
export const webhookSecret = __ENV.WEBHOOK_SECRET ?? 'lab-webhook-secret';

/**
 * LOAD_FORM=short (what the test pipeline runs: seconds) or long (the default: minutes, what a person watches).
 * Every scenario scales its stages through `scaled()`.
 */
export const form: 'short' | 'long' = __ENV.LOAD_FORM === 'short' ? 'short' : 'long';
if (__ENV.LOAD_FORM && !['short', 'long'].includes(__ENV.LOAD_FORM)) {
  throw new Error(`LOAD_FORM must be "short" or "long", got "${__ENV.LOAD_FORM}"`);
}

/** A duration in seconds for the long form, and its short-form value: `scaled(120, 10)` -> "120s" or "10s". */
export function scaled(longSeconds: number, shortSeconds: number): string {
  return `${form === 'short' ? shortSeconds : longSeconds}s`;
}

/** The same, as a number of seconds. */
export function seconds(longSeconds: number, shortSeconds: number): number {
  return form === 'short' ? shortSeconds : longSeconds;
}
