import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { topology } from '@lab/topology';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../src/paths.js';
import { readSupervisionState } from '../../src/supervision-state.js';

const cli = join(repoRoot, 'packages/lab-runner/dist/cli.js');
// A random offset keeps this lab clear of one a developer may be running on the default ports, and below Linux's
// ephemeral range (32768 and up), where free ports and outgoing connections are drawn from: offsets 2100-2900
// here, 3000-4900 in load/'s test, 5000-12900 in the review's.
const offset = 2_100 + Math.floor(Math.random() * 9) * 100;
const env = { ...process.env, LAB_PORT_OFFSET: String(offset), LAB_STATE_DIR: mkdtempSync(join(tmpdir(), 'lab-cli-')) };
const exporterPort = topology.services['analytics-exporter']?.port ?? 0;
let lab: ChildProcess | undefined;

afterAll(() => {
  if (lab?.pid && lab.exitCode === null) process.kill(-lab.pid, 'SIGKILL');
});

describe('lab start (the README first command, natively)', () => {
  it('starts Toxiproxy and the mock, prints the URLs, serves through the proxy and stops cleanly on Ctrl-C', async () => {
    // Its own process group, as in a terminal: Ctrl-C (SIGINT to the group) reaches the runner and every child.
    lab = spawn(process.execPath, [cli, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    lab.stdout?.on('data', (chunk) => (output += chunk));
    lab.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => lab?.on('exit', (code) => resolve(code)));
    await vi.waitFor(
      () => {
        // A lab that exited will never print it: stop waiting, the expectation below shows its output.
        if (lab?.exitCode === null) expect(output).toContain('Press Ctrl-C');
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(output).toContain('Press Ctrl-C');
    const proxyUrl = `http://127.0.0.1:${18_180 + offset}`;
    expect(output).toMatch(new RegExp(`lab-to-genesys +${proxyUrl} -> mock-genesys`));
    expect(output).toContain(`Toxiproxy proxies (API http://127.0.0.1:${18_474 + offset})`);
    expect(output).toMatch(new RegExp(`Prometheus +http://127.0.0.1:${19_090 + offset}`));

    const login = await fetch(`${proxyUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const queues = await fetch(`${proxyUrl}/api/v2/routing/queues`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(queues.status).toBe(200);

    const status = await promisify(execFile)(process.execPath, [cli, 'status'], { env });
    expect(status.stdout).toMatch(/mock-genesys\s+http:\S+\s+up/);
    expect(status.stdout).toMatch(/redis\s+redis:\S+\s+up/);
    expect(status.stdout).toMatch(/prometheus\s+http:\S+\s+up/);
    expect(status.stdout).toMatch(/jaeger\s+http:\S+\s+up/);

    // LAB_STATE_DIR holds every piece of state, the exporter's exports included (its /healthz names the folder).
    const exporterHealth = await fetch(`http://127.0.0.1:${exporterPort + offset}/healthz`);
    expect(((await exporterHealth.json()) as { exports?: { dir?: string } }).exports?.dir).toBe(
      join(env.LAB_STATE_DIR, 'exports'),
    );

    // Prometheus scrapes the mock, as the topology says.
    const prometheus = `http://127.0.0.1:${19_090 + offset}`;
    const q = encodeURIComponent('up{job="mock-genesys"} == 1');
    await vi.waitFor(
      async () => {
        const scraped = await (await fetch(`${prometheus}/api/v1/query?query=${q}`)).text();
        expect(scraped).toContain('"service":"mock-genesys"');
      },
      { timeout: 20_000, interval: 500 },
    );
    expect(status.stdout).toMatch(/proxy lab-to-genesys\s+http:\S+\s+enabled, 0 toxic\(s\)/);

    // Supervised: Redis killed from outside is logged, comes back by itself, and `lab status` counts the restart.
    const redisPid = readSupervisionState(env.LAB_STATE_DIR)?.processes.find((p) => p.name === 'redis')?.pid;
    expect(redisPid).toBeGreaterThan(0);
    process.kill(redisPid!, 'SIGKILL');
    await vi.waitFor(() => expect(output).toMatch(/\[supervisor\] redis restarted \(pid \d+, restart #1\)/), {
      timeout: 20_000,
      interval: 100,
    });
    expect(output).toContain(`[supervisor] redis (pid ${redisPid}) killed by SIGKILL`);
    const after = await promisify(execFile)(process.execPath, [cli, 'status'], { env });
    expect(after.stdout).toMatch(/redis\s+redis:\S+\s+up; restarts 1/);

    process.kill(-lab.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    // Stopping is not crashing: nothing was brought back while the lab stopped.
    expect(output.slice(output.indexOf('stopping the lab'))).not.toContain('[supervisor]');
    expect(readSupervisionState(env.LAB_STATE_DIR), 'a stopped lab reports no restarts').toBeUndefined();
    expect(output).toContain('stopped toxiproxy');
    await expect(fetch(`${proxyUrl}/oauth/token`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
