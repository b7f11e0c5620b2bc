/**
 * Throughput of the mock Genesys API against WireMock serving the same answers as static stubs.
 *
 *   node apps/mock-genesys/bench/compare-wiremock.ts [--duration 10] [--connections 50] [--warmup 2] [--server-warmup 30] [--rounds 2]
 *     [--client wrk|autocannon] [--pin | --no-pin] [--floor] [--baseline apps/mock-genesys/.lab/baseline]
 *
 * Each server first serves both requests in turn for --server-warmup seconds (WireMock's JIT needs ~30 s of load to
 * reach its steady rate; with 2 s it runs at a fraction of it). Then, for --rounds rounds, each target is loaded on
 * the mock and then on WireMock (--warmup s discarded, then --duration s): the two servers alternate, so a change in
 * the machine's load hits both alike. Targets: the two requests as a load generator sends them (no Accept-Encoding), and
 * the same with the official SDK's Accept-Encoding (gzip, compress, deflate, br). Besides requests/s and p99 it
 * prints each server's CPU time per request, a steadier figure on a shared machine, and the load generator's own,
 * and from them a ceiling: the most requests/s the cores could give that server (below). `--baseline <folder>` adds a third server, the built
 * mock-genesys in that folder (its dist/main.js; e.g. a copy of dist/ from before a change), loaded in turn with the
 * other two: an A/B of the mock in the same run, under the same load. `uptime` is printed before and after.
 * The load generator (`--client`) is wrk by default (Debian's, C on epoll: a few µs of CPU per answer) or autocannon
 * (npm, in this process: 30-40 µs per 46 KB answer, more than the mock's own). `--pin` (the default on 2+ cores) puts
 * every server on CPU 0 and the load generator on the others (taskset), so each server gets the same one core and
 * the client never takes it; `--no-pin` lets all of them share every core, as a developer's machine would.
 * `--floor` adds bench/static-floor.mjs, a bare node:http server answering the mock's captured bytes from memory
 * (same V8 flags as the lab's, no platform work, no compression), on the two plain targets: what answering these
 * bytes costs any Node server here, so that mock/floor says how much of the gap to a target is the mock's own work.
 * Needs a built workspace (npx turbo run build) and Java 17+. Reports; exits non-zero only on errors or non-2xx.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  freePort,
  httpOk,
  LAB_NODE_FLAGS,
  type RunningProcess,
  repoRoot,
  startMockGenesys,
  startNodeApp,
  startProcess,
} from '@lab/lab-runner';
import {
  benchCpuSplit,
  cpuSecondsOf,
  LOAD_GENERATORS,
  type LoadGeneratorName,
  type LoadResult,
  pinToCpus,
  runLoad,
} from '@lab/lab-runner/bench';
import {
  BENCH_MOCK_ENV,
  type BenchRequest,
  benchRequests,
  type Captured,
  capture,
  fetchToken,
  positive,
} from './bench-requests.ts';
import { addStub, serverVersion, startWireMock, wiremockJar } from './wiremock.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    'server-warmup': { type: 'string', default: '30' },
    rounds: { type: 'string', default: '2' },
    baseline: { type: 'string' },
    client: { type: 'string', default: 'wrk' },
    pin: { type: 'boolean', default: availableParallelism() >= 2 },
    'no-pin': { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
  },
});
const duration = positive('duration', values.duration);
const connections = Math.round(positive('connections', values.connections));
const warmup = positive('warmup', values.warmup);
const rounds = Math.round(positive('rounds', values.rounds));
const serverWarmup = Number(values['server-warmup']);
if (!(serverWarmup >= 0)) throw new Error(`--server-warmup must be 0 or more, got ${values['server-warmup']}`);
const client = values.client as LoadGeneratorName;
if (!LOAD_GENERATORS.includes(client))
  throw new Error(`--client must be ${LOAD_GENERATORS.join(' or ')}, got ${client}`);
/** Servers on CPU 0, the load generator on the rest; undefined: everything shares every core. */
const split = values.pin && !values['no-pin'] ? benchCpuSplit() : undefined;

interface Measured {
  target: string;
  round: number;
  rps: number;
  p99: number;
  /** The server's CPU time (user + system, every thread) per answered request, in µs. */
  cpuUs: number;
  /** The load generator's CPU time (user + system) per answered request, in µs. */
  clientCpuUs: number;
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
}

function load(baseUrl: string, request: BenchRequest, seconds: number): Promise<LoadResult> {
  const { path, ...rest } = request;
  return runLoad(client, { ...rest, url: baseUrl + path }, { connections, seconds, cpus: split?.client });
}

/** Both requests in turn, 3 s at a time, results discarded: lets the JIT (V8's, the JVM's) settle. */
async function warmUpServer(baseUrl: string, requests: BenchRequest[]): Promise<void> {
  for (let left = serverWarmup; left > 0; left -= 3 * requests.length) {
    for (const request of requests) await load(baseUrl, request, 3);
  }
}

async function measure(
  target: string,
  round: number,
  server: RunningProcess & { url: string },
  request: BenchRequest,
): Promise<Measured> {
  await load(server.url, request, warmup); // discarded
  const cpuBefore = cpuSecondsOf(server.pid);
  const result = await load(server.url, request, duration);
  const cpuUs = ((cpuSecondsOf(server.pid) - cpuBefore) * 1e6) / Math.max(1, result.requests);
  const { errors, timeouts, non2xx, rps, clientCpuUs } = result;
  return { target, round, rps, p99: result.p99Ms, cpuUs, clientCpuUs, non2xx, errors, timeouts };
}

const running: RunningProcess[] = [];
const stopAll = () => Promise.allSettled(running.splice(0).map((proc) => proc.stop()));
process.once('SIGINT', () => {
  console.error('interrupted; stopping the mock and WireMock');
  void stopAll().finally(() => process.exit(130));
});

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

try {
  console.log(`uptime before: ${uptime()} (${availableParallelism()} cores)`);
  const logDir = mkdtempSync(join(tmpdir(), 'compare-wiremock-'));
  const mockEnv = BENCH_MOCK_ENV;
  const mock = await startMockGenesys({
    port: await freePort(),
    logFile: join(logDir, 'mock-genesys.log'),
    env: mockEnv,
  });
  running.push(mock);
  const pin = (proc: RunningProcess) => {
    if (split) pinToCpus(proc.pid, split.server);
  };
  pin(mock);
  // autocannon runs in this process: off the servers' core too.
  if (split && client === 'autocannon') pinToCpus(process.pid, split.client);
  let baseline: (RunningProcess & { url: string }) | undefined;
  if (values.baseline !== undefined) {
    const folder = relative(repoRoot, resolve(values.baseline));
    if (!existsSync(join(repoRoot, folder, 'dist/main.js'))) throw new Error(`--baseline: no ${folder}/dist/main.js`);
    const port = await freePort();
    baseline = await startNodeApp({
      app: folder,
      name: 'baseline',
      url: `http://127.0.0.1:${port}`,
      env: { SERVICE_HOST: '127.0.0.1', SERVICE_PORT: String(port), ...mockEnv },
      logFile: join(logDir, 'baseline.log'),
    });
    running.push(baseline);
    pin(baseline);
    console.log(`baseline: the mock built in ${folder}`);
  }
  console.log('mock-genesys: one Node process (one JavaScript thread), as the lab runs it');
  /** What the official SDK (axios) sends: servers may answer gzip (the platform does; WireMock does by default). */
  const sdkEncoding = { 'accept-encoding': 'gzip, compress, deflate, br' };
  const TARGET_NAMES = [
    'GET queues',
    'POST details/query',
    'GET queues, SDK Accept-Encoding',
    'POST details/query, SDK Accept-Encoding',
  ] as const;
  /** The four targets with a token's authorization (each mock issues its own; WireMock's stubs expect the mock's). */
  const targetsFor = (token: string): { name: string; request: BenchRequest }[] => {
    const [queues, details] = benchRequests(token);
    const gzip = (r: BenchRequest) => ({ ...r, headers: { ...r.headers, ...sdkEncoding } });
    return [queues, details, gzip(queues), gzip(details)].map((request, i) => ({ name: TARGET_NAMES[i]!, request }));
  };
  const token = await fetchToken(mock.url);
  const authorization = `Bearer ${token}`;
  const targets = targetsFor(token);
  const [queues, details] = benchRequests(token);

  const { jar, version } = wiremockJar();
  const wiremock = await startWireMock({
    port: await freePort(),
    logFile: join(logDir, 'wiremock.log'),
    jar,
    rootDir: logDir,
  });
  running.push(wiremock);
  pin(wiremock);
  const captured: (Captured & { method: string; url: string })[] = [];
  for (const request of [queues, details]) {
    const answer = await capture(mock.url, request);
    captured.push({ ...answer, method: request.method, url: request.path });
    await addStub(wiremock.url, {
      ...answer,
      method: request.method,
      url: request.path,
      requestHeaders: { authorization },
    });
    const replayed = await capture(wiremock.url, request);
    if (replayed.body !== answer.body) throw new Error(`WireMock's answer to ${request.path} differs from the mock's`);

    const headers = Object.keys(answer.headers).join(', ');
    console.log(`${request.method} ${request.path}: ${Buffer.byteLength(answer.body)} bytes, headers ${headers}`);
  }
  const servers: { name: string; server: RunningProcess & { url: string }; targets: typeof targets }[] = [
    { name: 'mock', server: mock, targets },
    { name: 'WireMock', server: wiremock, targets },
  ];
  if (values.floor) {
    const answers = join(logDir, 'floor-answers.json');
    writeFileSync(answers, JSON.stringify(captured));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const script = join(repoRoot, 'apps/mock-genesys/bench/static-floor.mjs');
    const floor = await startProcess({
      name: 'floor',
      command: process.execPath,
      args: [...LAB_NODE_FLAGS, script, String(port), answers],
      logFile: join(logDir, 'floor.log'),
      ready: () => httpOk(`${url}/healthz`, 1_000),
    });
    const server = Object.assign(floor, { url });
    running.push(server);
    pin(server);
    for (const [i, { request }] of targets.slice(0, 2).entries()) {
      if ((await capture(url, request)).body !== captured[i]!.body)
        throw new Error(`the floor's answer to ${request.path} differs`);
    }
    console.log('floor: bare node:http answering the captured bytes (plain targets only)');
    servers.push({ name: 'floor', server, targets: targets.slice(0, 2) });
  }
  if (baseline) {
    const own = targetsFor(await fetchToken(baseline.url));
    for (const [i, { request }] of own.slice(0, 2).entries()) {
      const [a, b] = [await capture(mock.url, targets[i]!.request), await capture(baseline.url, request)];
      if (a.body !== b.body) console.log(`note: the baseline's answer to ${request.path} differs from the mock's`);
    }
    servers.push({ name: 'baseline', server: baseline, targets: own });
  }
  for (const { name, request } of targets.slice(2)) {
    const encodingOf = async (url: string) => {
      const init: RequestInit = { method: request.method, headers: request.headers };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetch(url + request.path, init);
      await response.arrayBuffer();
      return response.headers.get('content-encoding') ?? 'identity';
    };
    console.log(`${name}: mock answers ${await encodingOf(mock.url)}, WireMock ${await encodingOf(wiremock.url)}`);
  }
  console.log(`WireMock ${(await serverVersion(wiremock.url)) ?? version} (${jar}); logs in ${logDir}`);
  console.log(
    `${client === 'wrk' ? 'wrk' : 'autocannon (in this process)'}: ${connections} connections, pipelining 1; ` +
      (split
        ? `servers pinned to CPU ${split.server}, the load generator to CPU ${split.client}; `
        : 'servers and load generator share every core; ') +
      `${serverWarmup} s warm-up per server, ` +
      `then ${warmup} s warm-up + ${duration} s per target; 1-min load average before: ${loadavg()[0]?.toFixed(2)}\n`,
  );

  for (const { server, targets: own } of servers) {
    await warmUpServer(
      server.url,
      own.slice(0, 2).map((t) => t.request),
    );
  }
  // Rounds alternate the servers target by target, so that a change in the machine's load hits them alike.
  const results: Measured[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [i, target] of targets.entries()) {
      for (const { name, server, targets: own } of servers) {
        const request = own[i]?.request;
        if (request) results.push(await measure(`${name} ${target.name}`, round, server, request));
      }
    }
  }

  const cores = availableParallelism();
  const clientCores = split ? cores - 1 : cores;
  /**
   * Pinned: min(1 core / server CPU, the client's cores / client CPU) per request. Shared: cores / (server + client
   * CPU per request). A mock (one JavaScript thread) is also at most one core of its own.
   */
  const ceiling = (r: Measured) => {
    const machine = split
      ? Math.min(1e6 / r.cpuUs, (clientCores * 1e6) / r.clientCpuUs)
      : (cores * 1e6) / (r.cpuUs + r.clientCpuUs);
    return r.target.startsWith('WireMock ') ? machine : Math.min(machine, 1e6 / r.cpuUs);
  };
  const rows = results.map((r) => [
    r.target,
    String(r.round),
    r.rps.toFixed(0),
    r.p99.toFixed(1),
    r.cpuUs.toFixed(1),
    r.clientCpuUs.toFixed(1),
    ceiling(r).toFixed(0),
    String(r.non2xx),
    String(r.errors),
  ]);
  const header = [
    'target',
    'round',
    'rps',
    'p99 ms',
    'server CPU µs/req',
    `${client} CPU µs/req`,
    'machine ceiling rps',
    'non-2xx',
    'errors',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  console.log(
    (split
      ? `machine ceiling: min(1 core / server CPU per request, ${clientCores} core(s) / ${client} CPU per request), `
      : `machine ceiling: ${cores} cores / (server + ${client} CPU per request), `) +
      'the most requests/s this machine could give that server (the mock, one thread: also at most 1 s / its CPU per request)',
  );

  let met = true;
  for (const versus of servers.filter((s) => s.name !== 'WireMock').map((s) => s.name)) {
    console.log(`\n${versus}/WireMock per round:`);
    for (const target of targets) {
      for (let round = 1; round <= rounds; round++) {
        const of = (server: string) =>
          results.find((r) => r.round === round && r.target === `${server} ${target.name}`);
        const [m, w] = [of(versus), of('WireMock')];
        if (!m || !w) continue; // the floor serves the plain targets only
        const ratio = m.rps / w.rps;
        const ok = ratio >= 2 && m.p99 < w.p99;
        if (versus === 'mock') met &&= ok;
        console.log(
          `  ${target.name.padEnd(40)} round ${round}: rps ${m.rps.toFixed(0)} vs ${w.rps.toFixed(0)} = ${ratio.toFixed(2)}x, ` +
            `p99 ${m.p99.toFixed(0)} vs ${w.p99.toFixed(0)} ms, server CPU per request ${m.cpuUs.toFixed(1)} vs ` +
            `${w.cpuUs.toFixed(1)} µs${ok ? '' : '  (below target)'}`,
        );
      }
    }
  }
  if (values.floor) {
    console.log("\nmock/floor per round (the share of a bare node:http server's rate the mock reaches):");
    for (const target of targets.slice(0, 2)) {
      for (let round = 1; round <= rounds; round++) {
        const of = (server: string) =>
          results.find((r) => r.round === round && r.target === `${server} ${target.name}`)!;
        const [m, f] = [of('mock'), of('floor')];
        console.log(
          `  ${target.name.padEnd(40)} round ${round}: ${((m.rps / f.rps) * 100).toFixed(0)} % (rps ${m.rps.toFixed(0)} ` +
            `vs ${f.rps.toFixed(0)}; CPU per request ${m.cpuUs.toFixed(1)} vs ${f.cpuUs.toFixed(1)} µs)`,
        );
      }
    }
  }
  console.log(
    `\ntarget "at least 2x WireMock's rate with lower p99, every target and round": ${met ? 'MET' : 'NOT MET'}`,
  );
  console.log(`uptime after: ${uptime()}`);

  const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0);
  for (const r of failed)
    console.error(`FAIL: ${r.target} had ${r.non2xx} non-2xx answers and ${r.errors} errors (${r.timeouts} timeouts)`);
  if (failed.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(`FAIL: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
