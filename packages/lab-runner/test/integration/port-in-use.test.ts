import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topology as baseTopology, withPortOffset } from '@lab/topology';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/free-port.js';
import { planLab } from '../../src/lab-plan.js';
import { labPorts } from '../../src/lab-ports.js';
import { repoRoot } from '../../src/paths.js';
import { PortInUseError } from '../../src/ports-free.js';
import { populateProxies, type RunningToxiproxy, startToxiproxy } from '../../src/toxiproxy.js';

const cli = join(repoRoot, 'packages/lab-runner/dist/cli.js');
// Offsets 13100-13500: clear of lab-cli's (2100-2900), load/'s (3000-4900) and the review's (5000-12900), and every
// port stays below Linux's ephemeral range (32768 and up).
const offset = 13_100 + Math.floor(Math.random() * 5) * 100;
const topology = withPortOffset(baseTopology, offset);
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A plain TCP listener on `port`, held by this test's process until the test ends. */
async function hold(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return server;
}

/** `lab start` as `npm run lab` runs it, to its end: it must exit by itself. */
function labStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, 'start'],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${out}${err}` }),
    );
  });
}

/** Processes whose command line names `text` (the lab's state folder is in Redis', Jaeger's and Prometheus'). */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Every port the lab of `plan` needs, except `held`, can be listened on: nothing of the lab listens. */
async function listensOnNothingBut(held: number, ports: { port: number }[]) {
  for (const { port } of ports) {
    if (port === held) continue;
    const server = await hold(port).catch((error: Error) => error);
    expect(server, `port ${port} is still taken`).not.toBeInstanceOf(Error);
  }
}

describe('lab start with a lab port that another process holds', () => {
  it('stops at once with one line naming the port, what needed it and who holds it, and starts nothing', async () => {
    const proxy = topology.proxies.find((p) => p.name === 'lab-to-genesys')!;
    await hold(proxy.listenPort);
    const stateDir = mkdtempSync(join(tmpdir(), 'lab-port-in-use-'));
    const { code, output } = await labStart({ LAB_PORT_OFFSET: String(offset), LAB_STATE_DIR: stateDir });

    expect(code).toBe(1);
    const line = output.split('\n').find((l) => l.includes('the lab did not start'));
    expect(line).toMatch(
      new RegExp(
        `^the lab did not start: port ${proxy.listenPort} \\(Toxiproxy's proxy lab-to-genesys\\) is already in use ` +
          `by pid ${process.pid} \\(\\S*node.*\\)$`,
      ),
    );
    expect(output).not.toContain('started ');
    expect(processesNaming(stateDir)).toEqual([]);
    await listensOnNothingBut(proxy.listenPort, labPorts(topology, planLab(topology)));
  });

  it('with LAB_REPLICAS, names the replicated service port as HAProxy in front of its replicas', async () => {
    const port = topology.services['crm-sync']!.port;
    await hold(port);
    const stateDir = mkdtempSync(join(tmpdir(), 'lab-port-in-use-'));
    const { code, output } = await labStart({
      LAB_PORT_OFFSET: String(offset),
      LAB_STATE_DIR: stateDir,
      LAB_REPLICAS: 'crm-sync=2',
    });

    expect(code).toBe(1);
    expect(output).toContain(
      `the lab did not start: port ${port} (HAProxy in front of crm-sync's replicas) is already in use by pid ${process.pid}`,
    );
    expect(output).not.toContain('started ');
    expect(processesNaming(stateDir)).toEqual([]);
  });
});

describe("Toxiproxy's 500 on a proxy whose listener is taken", () => {
  it('becomes the same PortInUseError, naming the proxy, its port and the holder', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lab-toxiproxy-'));
    const toxiproxy: RunningToxiproxy = await startToxiproxy({
      port: await freePort(),
      logFile: join(stateDir, 'toxiproxy.log'),
    });
    cleanups.push(() => toxiproxy.stop());
    const held = await freePort();
    await hold(held);
    const free = await freePort();
    const proxies = [
      { name: 'free-one', listen: `127.0.0.1:${free}`, upstream: '127.0.0.1:9' },
      { name: 'held-one', listen: `127.0.0.1:${held}`, upstream: '127.0.0.1:9' },
    ];

    const error = await populateProxies(toxiproxy.apiUrl, proxies).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toMatch(
      new RegExp(`^port ${held} \\(Toxiproxy's proxy held-one\\) is already in use by pid ${process.pid} \\(`),
    );
    expect(readFileSync(join(stateDir, 'toxiproxy.log'), 'utf8')).toContain('address already in use');
  });

  it("passes any other refusal on in Toxiproxy's own words", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lab-toxiproxy-'));
    const toxiproxy = await startToxiproxy({ port: await freePort(), logFile: join(stateDir, 'toxiproxy.log') });
    cleanups.push(() => toxiproxy.stop());
    const bad = [{ name: 'no-upstream', listen: `127.0.0.1:${await freePort()}`, upstream: '' }];
    await expect(populateProxies(toxiproxy.apiUrl, bad)).rejects.toThrow(
      /^Toxiproxy did not create the proxies \(status 400\): .*upstream/,
    );
  });
});
