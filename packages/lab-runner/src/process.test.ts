import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { startProcess } from './process.js';
import { httpOk } from './wait.js';

// A real child process (a one-line Node HTTP server) under the supervisor, on a free loopback port.
async function server() {
  const port = await freePort();
  return startProcess({
    name: 'tiny-server',
    command: process.execPath,
    args: ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    logFile: join(mkdtempSync(join(tmpdir(), 'process-test-')), 'tiny.log'),
    ready: () => httpOk(`http://127.0.0.1:${port}/`).catch(() => false),
    readyTimeoutMs: 10_000,
  }).then((proc) => ({ proc, url: `http://127.0.0.1:${port}/` }));
}

describe('startProcess handles', () => {
  it('kill -9s the process, then restarts the same command on the same port behind the same handle', async () => {
    const { proc, url } = await server();
    const firstPid = proc.pid;
    const firstExit = proc.exited;
    await proc.kill();
    expect(await firstExit).toBeNull(); // ended by a signal, no exit code
    await expect(httpOk(url)).rejects.toThrow();

    await proc.restart();
    expect(proc.pid).not.toBe(firstPid);
    expect(await httpOk(url)).toBe(true);
    await proc.stop();
    expect(await proc.exited).toBeNull(); // SIGTERM: Node's default handler exits by the signal
  });
});
