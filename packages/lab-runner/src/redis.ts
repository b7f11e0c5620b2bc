import { mkdirSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { toolPaths } from '@lab/toolchain';
import { REDIS_DURABILITY_ARGS } from '@lab/topology';
import type { IdentityFiles } from './pki.js';
import { type RunningProcess, startProcess } from './process.js';
import type { ClientTls } from './wait.js';

/** Resolves true when a Redis server answers PING with PONG; over TLS with `tls` (the mTLS profile's Redis). */
export function redisPing(port: number, host = '127.0.0.1', tls?: ClientTls): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = tls ? tlsConnect({ port, host, ...tls }) : createConnection({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.on(tls ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
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
  /**
   * The mTLS profile: Redis listens on TLS only (`--port 0 --tls-port <port>`), with its certificate, and refuses
   * any client without a certificate from the lab CA (`--tls-auth-clients yes`); `client` is the readiness check's.
   */
  tls?: { server: IdentityFiles; client: ClientTls };
}): Promise<RunningProcess> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls;
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(options.port),
        '--tls-cert-file',
        tls.server.certFile,
        '--tls-key-file',
        tls.server.keyFile,
        '--tls-ca-cert-file',
        tls.server.caFile,
        '--tls-auth-clients',
        'yes',
      ]
    : ['--port', String(options.port)];
  mkdirSync(options.dataDir, { recursive: true });
  return startProcess({
    name: 'redis',
    command: toolPaths().redisServer,
    args: [...listen, '--bind', host, '--dir', options.dataDir, ...REDIS_DURABILITY_ARGS, '--protected-mode', 'yes'],
    logFile: options.logFile,
    ready: () => redisPing(options.port, host, tls?.client),
  });
}
