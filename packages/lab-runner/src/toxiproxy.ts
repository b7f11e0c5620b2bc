import { toolPaths } from '@lab/toolchain';
import { Toxiproxy } from 'toxiproxy-node-client';
import { PortInUseError, portHolder } from './ports-free.js';
import { type RunningProcess, startProcess } from './process.js';
import { httpOk } from './wait.js';

export interface ToxiproxyOptions {
  port: number;
  host?: string;
  logFile: string;
  /** Seed for Toxiproxy's randomness (toxicity, jitter), for reproducible runs. */
  seed?: number;
}

export interface RunningToxiproxy extends RunningProcess {
  apiUrl: string;
  client: Toxiproxy;
}

/** Starts the real toxiproxy-server binary installed by setup.sh. */
export async function startToxiproxy(options: ToxiproxyOptions): Promise<RunningToxiproxy> {
  const host = options.host ?? '127.0.0.1';
  const apiUrl = `http://${host}:${options.port}`;
  const args = ['-host', host, '-port', String(options.port)];
  if (options.seed !== undefined) args.push('-seed', String(options.seed));
  const proc = await startProcess({
    name: 'toxiproxy',
    command: toolPaths().toxiproxyServer,
    args,
    logFile: options.logFile,
    ready: () => httpOk(`${apiUrl}/version`),
  });
  return Object.assign(proc, { apiUrl, client: new Toxiproxy(apiUrl) });
}

/** A proxy in Toxiproxy's own form, as /populate takes it. */
export interface ToxiproxyProxy {
  name: string;
  listen: string;
  upstream: string;
}

/**
 * Creates (or replaces) the given proxies in one call to Toxiproxy's /populate. A listener another process holds
 * (Toxiproxy answers 500 "listen tcp <addr>: bind: address already in use") is a PortInUseError naming the proxy,
 * its port and the holder; any other refusal carries Toxiproxy's own words, not just its status.
 */
export async function populateProxies(apiUrl: string, proxies: ToxiproxyProxy[]): Promise<void> {
  const response = await fetch(`${apiUrl}/populate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(proxies.map((p) => ({ ...p, enabled: true }))),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.ok) return;
  let said = text.trim();
  try {
    said = (JSON.parse(text) as { error?: string }).error ?? said;
  } catch {
    // not JSON: keep the text as it came
  }
  const inUse = /listen tcp (\S+):(\d+): bind: address already in use/.exec(said);
  const port = Number(inUse?.[2]);
  const proxy = proxies.find((p) => p.listen.endsWith(`:${port}`));
  if (inUse && proxy) {
    throw new PortInUseError([{ port, what: `Toxiproxy's proxy ${proxy.name}`, holder: await portHolder(port) }]);
  }
  throw new Error(`Toxiproxy did not create the proxies (status ${response.status}): ${said}`);
}
