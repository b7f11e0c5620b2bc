/**
 * Where the mock's time goes under the benchmark's load: starts the built mock under `node --cpu-prof`, sends a fixed
 * number of the benchmark's two requests with autocannon, stops the mock and prints the top self-time functions of
 * the .cpuprofile, plus the mock's CPU time per request (from /proc, so a busy machine changes it less than rps).
 *
 *   node apps/mock-genesys/bench/profile-mock.ts [--requests 40000] [--connections 50] [--top 25]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startMockGenesys } from '@lab/lab-runner';
import autocannon from 'autocannon';
import { benchRequests, cpuSecondsOf, fetchToken, PINNED_DATA } from './bench-requests.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '40000' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
  },
});
const amount = Number(values.requests);
const connections = Number(values.connections);
const top = Number(values.top);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (summed over every node of that function), in ms, largest first. */
export function selfTimes(profile: CpuProfile): { name: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/apps\//, 'apps/')}:${lineNumber + 1}`
      : '';
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
    totals.set(name, (totals.get(name) ?? 0) + delta);
    all += delta;
  });
  return [...totals.entries()]
    .map(([name, us]) => ({ name, ms: us / 1_000, share: us / all }))
    .sort((a, b) => b.ms - a.ms);
}

const profileDir = mkdtempSync(join(tmpdir(), 'mock-profile-'));
const port = await freePort();
const mock = await startMockGenesys({
  port,
  logFile: join(profileDir, 'mock-genesys.log'),
  env: {
    MOCK_LOG_LEVEL: 'silent',
    MOCK_TOKEN_RATE_LIMIT: '1000000000',
    MOCK_ORG_RATE_LIMIT: '1000000000',
    ...PINNED_DATA,
    NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
  },
});
try {
  const token = await fetchToken(mock.url);
  for (const request of benchRequests(token)) {
    // Warm-up (the JIT), not measured; its samples are in the profile, a fifth of the measured load's.
    await autocannon({
      url: mock.url + request.path,
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      connections,
      amount: Math.round(amount / 5),
    });
    const before = cpuSecondsOf(mock.pid);
    const result = await autocannon({
      url: mock.url + request.path,
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      connections,
      amount,
    });
    const cpu = cpuSecondsOf(mock.pid) - before;
    console.log(
      `${request.method} ${request.path}: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} rps, ` +
        `p99 ${result.latency.p99} ms, mock CPU ${((cpu * 1e6) / result.requests.total).toFixed(1)} µs/request`,
    );
  }
} finally {
  await mock.stop();
}
const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
const rows = selfTimes(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile);
console.log(`\ntop ${top} self-time functions (${join(profileDir, file)}):`);
for (const row of rows.slice(0, top)) {
  console.log(`${(row.share * 100).toFixed(1).padStart(5)} %  ${row.ms.toFixed(0).padStart(7)} ms  ${row.name}`);
}
