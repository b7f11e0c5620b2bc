import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { toolPaths } from '@lab/toolchain';
import { haproxyConfig as topologyHaproxyConfig } from '@lab/topology';
import { type RunningProcess, startProcess } from './process.js';

/** One load-balanced service: where callers reach it, and its replicas. */
export interface Frontend {
  name: string;
  port: number;
  /** Each replica's name (its instance) and port, all on `host`. */
  servers: { name: string; port: number }[];
  /** Health check path (HTTP GET, 2xx = in rotation). */
  healthPath: string;
}

/**
 * HAProxy's configuration for the native fleet: @lab/topology's haproxyConfig (the same generator writes the
 * containers' docker/haproxy.cfg) with every replica listed on `host`.
 */
export function haproxyConfig(host: string, frontends: Frontend[]): string {
  return topologyHaproxyConfig(
    frontends.map((f) => ({
      name: f.name,
      bind: { host, port: f.port },
      healthPath: f.healthPath,
      servers: { kind: 'listed', servers: f.servers.map((s) => ({ name: s.name, host, port: s.port })) },
    })),
  );
}

/** True when something accepts TCP connections on host:port (within 1 s). */
export const listening = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => done(true));
  });

/** Starts Debian's haproxy in the foreground (-db) with `haproxyConfig`; ready once every frontend port listens. */
export async function startHaproxy(options: {
  host: string;
  frontends: Frontend[];
  dir: string;
  logFile: string;
}): Promise<RunningProcess> {
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'haproxy.cfg');
  writeFileSync(configFile, haproxyConfig(options.host, options.frontends));
  return startProcess({
    name: 'haproxy',
    command: toolPaths().haproxy,
    args: ['-db', '-f', configFile],
    logFile: options.logFile,
    ready: async () => {
      for (const f of options.frontends) if (!(await listening(options.host, f.port))) return false;
      return true;
    },
  });
}
