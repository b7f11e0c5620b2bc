import { createConnection } from 'node:net';
import { toolPaths } from '@lab/toolchain';
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

/** Starts the lab's own redis-server (Debian's binary) on a lab port: nothing persisted, loopback only. */
export async function startRedis(options: { port: number; host?: string; logFile: string }): Promise<RunningProcess> {
  const host = options.host ?? '127.0.0.1';
  return startProcess({
    name: 'redis',
    command: toolPaths().redisServer,
    args: [
      '--port',
      String(options.port),
      '--bind',
      host,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    logFile: options.logFile,
    ready: () => redisPing(options.port, host),
  });
}
