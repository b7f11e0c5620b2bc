import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RunningProcess, startProcess } from '@lab/lab-runner';

export interface RunningRedis extends RunningProcess {
  port: number;
  url: string;
}

/** A throw-away redis-server on 127.0.0.1 (no persistence), on a free port or the one given (for restarts). */
export async function startRedis(port?: number): Promise<RunningRedis> {
  const chosen = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'resilience-it-'));
  const proc = await startProcess({
    name: 'redis-server',
    command: 'redis-server',
    args: ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    logFile: join(dir, 'redis.log'),
    ready: () => ping(chosen),
    readyTimeoutMs: 10_000,
  });
  return { ...proc, port: chosen, url: `redis://127.0.0.1:${chosen}` };
}

/** True when the server answers PING with +PONG within 1 s. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
