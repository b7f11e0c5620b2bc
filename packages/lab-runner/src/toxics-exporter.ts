import { createServer, type Server } from 'node:http';
import { FAULT_METRICS, gauge } from '@lab/signals';
import { Registry } from 'prom-client';

export const TOXICS_METRIC = FAULT_METRICS.toxicActive.name;
export const PROXY_ENABLED_METRIC = FAULT_METRICS.proxyEnabled.name;

interface ProxyState {
  name: string;
  enabled: boolean;
  toxics: { name: string; type: string; stream: string; toxicity: number }[];
}

/** GET <api>/proxies, keeping only what the metrics say; anything else Toxiproxy answers is an error. */
async function proxies(apiUrl: string): Promise<ProxyState[]> {
  const response = await fetch(`${apiUrl}/proxies`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`Toxiproxy ${apiUrl}/proxies answered ${response.status}`);
  const body = (await response.json()) as Record<string, Partial<ProxyState>>;
  return Object.values(body).map((p) => ({
    name: String(p.name),
    enabled: p.enabled === true,
    toxics: Array.isArray(p.toxics) ? p.toxics : [],
  }));
}

/**
 * Toxiproxy's state as Prometheus metrics, read from its API at each scrape (Toxiproxy itself exports none of it):
 * toxiproxy_toxic_active{proxy, toxic, type, stream} = the toxic's toxicity (1: every connection) for each toxic
 * in force, and toxiproxy_proxy_enabled{proxy} 1 or 0. The dashboards draw the toxics as annotations.
 * If Toxiproxy does not answer, the scrape fails (500) rather than reporting "no toxics".
 */
export function toxicsRegistry(apiUrl: string): Registry {
  const registry = new Registry();
  let last: Promise<ProxyState[]> | undefined;
  // One API read per scrape, shared by both gauges.
  const read = () => {
    last ??= proxies(apiUrl).finally(() => setImmediate(() => (last = undefined)));
    return last;
  };
  gauge(registry, FAULT_METRICS.toxicActive, async function () {
    this.reset();
    for (const p of await read()) {
      for (const t of p.toxics) this.set({ proxy: p.name, toxic: t.name, type: t.type, stream: t.stream }, t.toxicity);
    }
  });
  gauge(registry, FAULT_METRICS.proxyEnabled, async function () {
    this.reset();
    for (const p of await read()) this.set({ proxy: p.name }, p.enabled ? 1 : 0);
  });
  return registry;
}

export interface RunningToxicsExporter {
  url: string;
  stop(): Promise<void>;
}

/** Serves toxicsRegistry(apiUrl) at http://host:port/metrics, for Prometheus to scrape (job "toxiproxy"). */
export async function startToxicsExporter(options: {
  apiUrl: string;
  host: string;
  port: number;
}): Promise<RunningToxicsExporter> {
  const registry = toxicsRegistry(options.apiUrl);
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not_found', message: 'Only GET /metrics is served here' }));
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      },
      (error: Error) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'toxiproxy_unavailable', message: error.message }));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    url: `http://${options.host}:${options.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
