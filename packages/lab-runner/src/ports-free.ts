import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { portToPid } from 'pid-port';
import type { LabPort } from './lab-ports.js';

/** Ports of the lab that another process holds: the message names each port, what needed it, and who holds it. */
export class PortInUseError extends Error {
  constructor(readonly taken: (LabPort & { holder: string })[]) {
    super(taken.map((p) => `port ${p.port} (${p.what}) is already in use by ${p.holder}`).join('; '));
    this.name = 'PortInUseError';
  }
}

/** Whether `port` on `host` can be listened on now (tried with a listener that is closed at once). */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(false) : reject(new Error(`port ${port}: ${error.message}`)),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Who listens on `port`: "pid N (its command line)" as `ss -tunlp` (through pid-port) and /proc show it, or
 * "another process" when neither can (a process of another user, seen without privileges).
 */
export async function portHolder(port: number): Promise<string> {
  let pid: number | undefined;
  try {
    pid = await portToPid({ port, host: '*' });
  } catch {
    return 'another process (ss shows no owner)';
  }
  if (pid === undefined) return 'another process (ss shows no owner)';
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const command = cmdline.split('\0').filter(Boolean).join(' ');
  return command ? `pid ${pid} (${command.length > 160 ? `${command.slice(0, 157)}...` : command})` : `pid ${pid}`;
}

/** Throws PortInUseError naming every port of `ports` that another process holds on `host`; checks all first. */
export async function assertPortsFree(ports: LabPort[], host: string): Promise<void> {
  const taken: (LabPort & { holder: string })[] = [];
  for (const p of ports) if (!(await canListen(p.port, host))) taken.push({ ...p, holder: await portHolder(p.port) });
  if (taken.length > 0) throw new PortInUseError(taken);
}
