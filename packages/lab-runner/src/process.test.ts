import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { type SupervisionEvent, startProcess } from './process.js';
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

  it('supervised: a run killed from outside comes back by itself, on the same port, after its hooks ran', async () => {
    const { proc, url } = await server();
    const events: SupervisionEvent[] = [];
    let hooked = 0;
    proc.onRestart(async () => {
      hooked++;
    });
    proc.supervise({ initialDelayMs: 20, onEvent: (e) => events.push(e) });
    const firstPid = proc.pid;
    const back = proc.nextRestart();
    process.kill(firstPid, 'SIGKILL'); // a crash: nobody asked the handle
    await back;
    expect(proc.pid).not.toBe(firstPid);
    expect(proc.restarts).toBe(1);
    expect(hooked).toBe(1);
    expect(await httpOk(url)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['exited', 'restarted']);
    expect(events[0]).toMatchObject({ signal: 'SIGKILL', restartInMs: 20 });

    // Asked for: kill() keeps it down (a fault experiment's dead process), restart() brings it back.
    await proc.kill();
    // The only way to see that nothing happens: wait well past the restart delay (20 ms).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(proc.restarts).toBe(1);
    await expect(httpOk(url)).rejects.toThrow();
    await proc.restart();
    expect(await httpOk(url)).toBe(true);
    expect(hooked).toBe(2);
    await proc.stop();
  });
});
