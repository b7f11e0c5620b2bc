/**
 * Where the mock's time goes under the benchmark's load: starts the built mock under `node --cpu-prof`, sends a fixed
 * number of the benchmark's requests with autocannon, stops the mock and prints the top self-time and total-time
 * (the function and what it calls) functions of the .cpuprofile, plus the mock's CPU time per request (from /proc, so
 * a busy machine changes it less than rps). `--target` picks the requests: `queues` (the GET), `details` (the details
 * query as autocannon sends it, no Accept-Encoding), `details-gzip` (with the SDK's Accept-Encoding) or `all`.
 *
 *   node apps/mock-genesys/bench/profile-mock.ts [--target all] [--requests 40000] [--connections 50] [--top 25]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startMockGenesys } from '@lab/lab-runner';
import { cpuSecondsOf } from '@lab/lab-runner/bench';
import autocannon from 'autocannon';
import { BENCH_MOCK_ENV, benchRequests, fetchToken } from './bench-requests.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '40000' },
    connections: { type: 'string', default: '50' },
    top: { type: 'string', default: '25' },
    target: { type: 'string', default: 'all' },
  },
});
const amount = Number(values.requests);
const connections = Number(values.connections);
const top = Number(values.top);
const TARGETS = ['queues', 'details', 'details-gzip', 'all'] as const;
const target = values.target as (typeof TARGETS)[number];
if (!TARGETS.includes(target)) throw new Error(`--target must be one of ${TARGETS.join(', ')}, got ${values.target}`);

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

interface FunctionTime {
  name: string;
  /** Samples in the function itself, in ms. */
  selfMs: number;
  /** Samples in the function or anything it called (counted once per sample however deep it recurses), in ms. */
  totalMs: number;
  selfShare: number;
  totalShare: number;
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(apps|packages)\//, '$1/')}:${lineNumber + 1}`
    : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

/** Self and total time per function (summed over every node of that function), largest self time first. */
export function functionTimes(profile: CpuProfile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const name = nameOf(node);
    self.set(name, (self.get(name) ?? 0) + delta);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at);
      if (frame) onStack.add(nameOf(frame));
    }
    for (const frame of onStack) total.set(frame, (total.get(frame) ?? 0) + delta);
    all += delta;
  });
  return [...total.entries()]
    .map(([name, totalUs]) => {
      const selfUs = self.get(name) ?? 0;
      return {
        name,
        selfMs: selfUs / 1_000,
        totalMs: totalUs / 1_000,
        selfShare: selfUs / all,
        totalShare: totalUs / all,
      };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
}

const profileDir = mkdtempSync(join(tmpdir(), 'mock-profile-'));
const port = await freePort();
const mock = await startMockGenesys({
  port,
  logFile: join(profileDir, 'mock-genesys.log'),
  env: {
    ...BENCH_MOCK_ENV,
    NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
  },
});
try {
  const token = await fetchToken(mock.url);
  const [queues, details] = benchRequests(token);
  const gzip = { ...details, headers: { ...details.headers, 'accept-encoding': 'gzip, compress, deflate, br' } };
  const chosen = { queues: [queues], details: [details], 'details-gzip': [gzip], all: [queues, details, gzip] }[target];
  for (const request of chosen) {
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
      `${request.method} ${request.path}${request === gzip ? ' (gzip)' : ''}: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} rps, ` +
        `p99 ${result.latency.p99} ms, mock CPU ${((cpu * 1e6) / result.requests.total).toFixed(1)} µs/request`,
    );
  }
} finally {
  await mock.stop();
}
const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${profileDir}`);
const rows = functionTimes(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile);
const print = (title: string, list: FunctionTime[]) => {
  console.log(`\n${title} (${join(profileDir, file)}):\n   self %    total %  function`);
  for (const row of list.slice(0, top)) {
    const cell = (share: number, ms: number) => `${(share * 100).toFixed(1).padStart(5)} ${ms.toFixed(0).padStart(5)}`;
    console.log(`${cell(row.selfShare, row.selfMs)}  ${cell(row.totalShare, row.totalMs)}  ${row.name}`);
  }
};
print(`top ${top} self-time functions (ms)`, rows);
print(
  `top ${top} total-time functions (ms; idle and the program root left out)`,
  rows.filter((r) => !/^\((idle|root|program)\)/.test(r.name)).sort((a, b) => b.totalMs - a.totalMs),
);
