#!/usr/bin/env node
// The native lab runner: `npm run lab` (start) and `npm run lab -- status`.
import { join } from 'node:path';
import { topology as baseTopology, proxyUrl, serviceUrl, toxiproxyConfig, withPortOffset } from '@lab/topology';
import { startMockGenesys } from './mock-genesys.js';
import { labStateDir } from './paths.js';
import type { RunningProcess } from './process.js';
import { populateProxies, startToxiproxy } from './toxiproxy.js';
import { httpOk } from './wait.js';

// LAB_PORT_OFFSET moves every port of the topology, so a second lab (or a test) can run beside this one.
const topology = withPortOffset(baseTopology, Number(process.env.LAB_PORT_OFFSET ?? 0));
const logDir = join(labStateDir, 'logs');
const toxiproxyApi = `http://${topology.host}:${topology.toxiproxy.apiPort}`;

async function start(): Promise<void> {
  const running: RunningProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the lab...');
    for (const proc of running.reverse()) {
      await proc.stop();
      console.log(`  stopped ${proc.name}`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const toxiproxy = await startToxiproxy({
      port: topology.toxiproxy.apiPort,
      host: topology.host,
      logFile: join(logDir, 'toxiproxy.log'),
    });
    running.push(toxiproxy);
    const mockSpec = topology.services['mock-genesys'];
    if (!mockSpec) throw new Error('topology has no mock-genesys service');
    running.push(
      await startMockGenesys({ port: mockSpec.port, host: topology.host, logFile: join(logDir, 'mock-genesys.log') }),
    );
    await populateProxies(toxiproxy.client, toxiproxyConfig(topology));
  } catch (error) {
    console.error(`the lab did not start: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }

  const genesys = proxyUrl('lab-to-genesys', topology);
  console.log(`
Genesys Resilience Lab is up (logs in ${logDir}).

  Toxiproxy API        ${toxiproxyApi}
  mock Genesys API     ${serviceUrl('mock-genesys', topology)}            (direct: admin API at /__admin, metrics at /metrics)
  ...through Toxiproxy ${genesys}            (proxy "lab-to-genesys": point clients here)

Try it:
  curl -s -u lab-client:lab-secret -d grant_type=client_credentials ${genesys}/oauth/token
  curl -s -H "Authorization: Bearer <access_token>" ${genesys}/api/v2/routing/queues
  curl -s -X POST ${toxiproxyApi}/proxies/lab-to-genesys/toxics -d '{"type":"latency","attributes":{"latency":500}}'

Press Ctrl-C to stop everything.`);
}

async function status(): Promise<void> {
  const rows: [string, string, string][] = [];
  rows.push(['toxiproxy', toxiproxyApi, (await httpOk(`${toxiproxyApi}/version`).catch(() => false)) ? 'up' : 'down']);
  for (const [name, spec] of Object.entries(topology.services)) {
    const url = serviceUrl(name, topology);
    rows.push([name, url, (await httpOk(`${url}${spec.healthPath}`).catch(() => false)) ? 'up' : 'down']);
  }
  // Toxiproxy's GET /proxies lists each proxy with its toxics (the client library's objects omit them).
  const proxies = (await fetch(`${toxiproxyApi}/proxies`, { signal: AbortSignal.timeout(2_000) })
    .then((r) => r.json())
    .catch(() => ({}))) as Record<string, { enabled: boolean; toxics: unknown[] }>;
  for (const spec of topology.proxies) {
    const live = proxies[spec.name];
    const state = live ? `${live.enabled ? 'enabled' : 'disabled'}, ${live.toxics.length} toxic(s)` : 'absent';
    rows.push([`proxy ${spec.name}`, proxyUrl(spec.name, topology), state]);
  }
  for (const [name, url, state] of rows) console.log(`${name.padEnd(28)} ${url.padEnd(26)} ${state}`);
}

const command = process.argv[2] ?? 'start';
if (command === 'start') await start();
else if (command === 'status') await status();
else {
  console.error(`unknown command "${command}"; use: start | status`);
  process.exit(2);
}
