import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { toolPaths } from '@lab/toolchain';
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
 * HAProxy's configuration for the fleet: one HTTP frontend per service on its usual port, round robin over its
 * replicas, each checked on its health path every second (down after 2 failures, back after 2 successes), so a
 * killed replica leaves the rotation and callers keep one URL.
 */
export function haproxyConfig(host: string, frontends: Frontend[]): string {
  const lines = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  option http-keep-alive',
    '  retries 1',
    '  option redispatch',
  ];
  for (const f of frontends) {
    lines.push(`frontend ${f.name}`, `  bind ${host}:${f.port}`, `  default_backend ${f.name}-replicas`);
    lines.push(`backend ${f.name}-replicas`, '  balance roundrobin', `  option httpchk GET ${f.healthPath}`);
    for (const s of f.servers) lines.push(`  server ${s.name} ${host}:${s.port} check inter 1s fall 2 rise 2`);
  }
  return `${lines.join('\n')}\n`;
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
