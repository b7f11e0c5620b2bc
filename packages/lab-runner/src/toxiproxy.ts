import { toolPaths } from '@lab/toolchain';
import { Toxiproxy } from 'toxiproxy-node-client';
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

/** Creates (or replaces) the given proxies in one call to Toxiproxy's /populate. */
export async function populateProxies(
  client: Toxiproxy,
  proxies: { name: string; listen: string; upstream: string }[],
): Promise<void> {
  await client.populate(proxies.map((p) => ({ ...p, enabled: true })));
}
