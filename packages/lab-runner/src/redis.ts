import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { toolPaths } from '@lab/toolchain';
import { REDIS_DURABILITY_ARGS } from '@lab/topology';
import { type RunningProcess, startProcess } from './process.js';

/** Resolves true when a Redis server answers PING with PONG. */
export function redisPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.on('connect', () => socket.write('PING\r\n'));
  });
}

/**
 * Starts the lab's own redis-server (Debian's binary) on a lab port, loopback only, durable: its append-only file
 * (REDIS_DURABILITY_ARGS: fsync every second) lives in `dataDir`, so a Redis killed and started again on the same
 * folder still has every stream entry and key it acknowledged.
 */
export async function startRedis(options: {
  port: number;
  host?: string;
  dataDir: string;
  logFile: string;
}): Promise<RunningProcess> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });
  return startProcess({
    name: 'redis',
    command: toolPaths().redisServer,
    args: [
      '--port',
      String(options.port),
      '--bind',
      host,
      '--dir',
      options.dataDir,
      ...REDIS_DURABILITY_ARGS,
      '--protected-mode',
      'yes',
    ],
    logFile: options.logFile,
    ready: () => redisPing(options.port, host),
  });
}
