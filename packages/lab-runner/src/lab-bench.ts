/**
 * How light the native lab is, three figures in one run:
 *   1. time to up: from spawning `lab start` (the CLI behind `npm run lab`, already built) to its "is up" line;
 *   2. memory: RSS (and PSS, which shares the pages the Node processes have in common fairly) of every lab process
 *      after `npm run load -- baseline` has run for --load-seconds, and the total against 1 GiB;
 *   3. telemetry cost: crm-sync's Data Action on a cache hit (same contact), --connections connections, two fresh
 *      crm-sync processes side by side on the lab, one traced into the lab's Jaeger, one with OTEL_SDK_DISABLED=true,
 *      loaded in --rounds rounds of --duration s: requests/s, p99 and CPU per request, and the cost as the median of
 *      the rounds' costs, each round's two variants compared with each other. With --pin (the default on 2+ cores)
 *      both crm-sync processes run on CPU 0 and the load generator (--client: wrk, or autocannon in this process) on
 *      the other cores, and each round loads both processes at once: the core's scheduler gives each half of it, so
 *      whatever the machine does during a round (this shared VM's speed moved by 30 % from one 10 s round to the
 *      next) it does to both, and the requests/s of the two are compared at equal CPU. --abba (or --no-pin) loads
 *      them one after the other instead, alternating the order.
 *
 *   npm run bench -- lab [--port-offset 1001] [--load-seconds 60] [--rounds 6] [--duration 10] [--connections 20]
 *     [--client wrk|autocannon] [--pin | --no-pin] [--abba]
 *   (or, built: node packages/lab-runner/dist/lab-bench.js ...)
 *
 * Uses its own state folder and LAB_PORT_OFFSET, so it runs beside a developer's `npm run lab`. Needs a built
 * workspace (npx turbo run build) and the toolchain on PATH (run.sh does both).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { topology as baseTopology, withPortOffset } from '@lab/topology';
import {
  failedRounds,
  loadVariantRounds,
  pairedCost,
  roundLine,
  startCrmSyncVariants,
  stopVariants,
  type VariantRun,
} from './crm-sync-variants.js';
import { LOAD_GENERATORS, type LoadGeneratorName } from './load-generator.js';
import { medianAndRange } from './median.js';
import { repoRoot } from './paths.js';
import { benchCpuSplit, pinToCpus } from './process-cpu.js';

const { values } = parseArgs({
  options: {
    'port-offset': { type: 'string', default: '1001' },
    'load-seconds': { type: 'string', default: '60' },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    client: { type: 'string', default: 'wrk' },
    pin: { type: 'boolean', default: availableParallelism() >= 2 },
    'no-pin': { type: 'boolean', default: false },
    abba: { type: 'boolean', default: false },
  },
});
function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number >= ${min}, got ${text}`);
  return value;
}
const offset = wholeNumber('port-offset', values['port-offset'], 0);
const loadSeconds = wholeNumber('load-seconds', values['load-seconds'], 0);
const rounds = wholeNumber('rounds', values.rounds, 1);
const duration = wholeNumber('duration', values.duration, 1);
const connections = wholeNumber('connections', values.connections, 1);
const client = values.client as LoadGeneratorName;
if (!LOAD_GENERATORS.includes(client))
  throw new Error(`--client must be ${LOAD_GENERATORS.join(' or ')}, got ${client}`);
/** The measured crm-sync processes on CPU 0, the load generator on the rest; undefined: every core shared. */
const split = values.pin && !values['no-pin'] ? benchCpuSplit() : undefined;
/** Pinned, the two crm-sync processes are loaded at once on their shared core (CFS gives each half); else ABBA. */
const sideBySide = split !== undefined && !values.abba;

const topology = withPortOffset(baseTopology, offset);
const stateDir = mkdtempSync(join(tmpdir(), 'lab-bench-'));
const env = { ...process.env, LAB_PORT_OFFSET: String(offset), LAB_STATE_DIR: stateDir };
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const load = () => `1-min load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores`;

/** VmRSS and PSS of one process, in bytes (0 when it is gone). */
function memoryOf(pid: number): { rss: number; pss: number } {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
    return { rss: kb('Rss'), pss: kb('Pss') };
  } catch {
    return { rss: 0, pss: 0 };
  }
}

function printMemory(title: string, pids: Map<string, number>): number {
  let rss = 0;
  let pss = 0;
  console.log(`\n${title} (${load()}):`);
  for (const [name, pid] of pids) {
    const m = memoryOf(pid);
    rss += m.rss;
    pss += m.pss;
    console.log(
      `  ${name.padEnd(20)} RSS ${(m.rss / MIB).toFixed(0).padStart(5)} MiB   PSS ${(m.pss / MIB).toFixed(0).padStart(5)} MiB`,
    );
  }
  console.log(
    `  ${'total'.padEnd(20)} RSS ${(rss / MIB).toFixed(0).padStart(5)} MiB   PSS ${(pss / MIB).toFixed(0).padStart(5)} MiB`,
  );
  return rss;
}

/** Resolves with the exit code; after `graceMs`, SIGKILL. */
function stopChild(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGINT');
  });
}

/** `lab start`: resolves once it printed "is up", with the time it took and every process it started. */
async function startLabCli(): Promise<{ child: ChildProcess; upMs: number; pids: Map<string, number> }> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(repoRoot, 'packages/lab-runner/dist/cli.js'), 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pids = new Map<string, number>();
  const lines = createInterface({ input: child.stdout! });
  const upMs = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`lab start exited with ${code}; logs in ${stateDir}/logs`)));
    lines.on('line', (line) => {
      const proc = /^\s+started (\S+) \(pid (\d+)\)/.exec(line);
      if (proc) pids.set(proc[1]!, Number(proc[2]));
      if (/ is up /.test(line)) resolve(performance.now() - started);
    });
  });
  return { child, upMs, pids };
}

/** `npm run load -- baseline` (the built CLI) for `seconds`, then interrupted like Ctrl-C (k6 tears down). */
async function runBaseline(seconds: number): Promise<void> {
  const logFile = join(stateDir, 'logs', 'load-baseline.log');
  const log = openSync(logFile, 'a');
  const k6 = spawn(process.execPath, [join(repoRoot, 'load/dist/cli.js'), 'baseline'], {
    env,
    stdio: ['ignore', log, log],
  });
  const done = new Promise<number | null>((resolve) => k6.once('exit', resolve));
  const timer = setTimeout(() => k6.kill('SIGINT'), seconds * 1_000);
  const code = await done;
  clearTimeout(timer);
  // 0: finished; 99: a threshold failed (reported, the figures stand); null/other: interrupted by us.
  closeSync(log);
  console.log(`baseline load ran ${seconds} s (k6 exit ${code}; its output in ${logFile})`);
}

async function telemetryCost(): Promise<void> {
  const runs = await startCrmSyncVariants(topology, stateDir, [
    { name: 'instrumented', env: { OTEL_SERVICE_NAME: 'crm-sync-bench' } },
    { name: 'OTEL_SDK_DISABLED', env: { OTEL_SDK_DISABLED: 'true' } },
  ]);
  try {
    if (split) {
      if (client === 'autocannon') pinToCpus(process.pid, split.client);
      console.log(`  crm-sync processes pinned to CPU ${split.server}, ${client} to CPU ${split.client}`);
    }
    await loadVariantRounds(runs, {
      client,
      connections,
      seconds: duration,
      rounds,
      sideBySide,
      serverCpus: split?.server,
      clientCpus: split?.client,
      onRound: (round, results) => {
        for (const [run, result] of results) console.log(`  ${roundLine(round, run.name, result)}  (${load()})`);
      },
    });
    for (const run of runs) {
      const [rps, cpu] = [medianAndRange(run.rounds.map((r) => r.rps)), medianAndRange(run.rounds.map((r) => r.cpuUs))];
      console.log(
        `  ${run.name.padEnd(18)} median ${rps.median.toFixed(0)} req/s (${rps.min.toFixed(0)}-${rps.max.toFixed(0)}), ` +
          `${cpu.median.toFixed(1)} µs CPU/request (${cpu.min.toFixed(1)}-${cpu.max.toFixed(1)})`,
      );
    }
    const [instrumented, disabled] = runs as [VariantRun, VariantRun];
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const [rpsCost, cpuCost] = [pairedCost(instrumented, disabled, 'rps'), pairedCost(instrumented, disabled, 'cpuUs')];
    console.log(
      `telemetry cost (median of ${rounds} ${sideBySide ? 'side-by-side' : 'ABBA'} rounds, each round's pair compared): ` +
        `${pct(rpsCost.median)} of requests/s (rounds ${pct(rpsCost.min)} to ${pct(rpsCost.max)}), ` +
        `${pct(cpuCost.median)} of CPU per request (${pct(cpuCost.min)} to ${pct(cpuCost.max)}) ` +
        `(target: at most 5 %): ${rpsCost.median <= 0.05 ? 'MET' : 'NOT MET'} by requests/s`,
    );
    const failed = failedRounds(runs);
    if (failed.length > 0) {
      console.error(`FAIL: ${failed.length} round(s) had non-2xx answers or errors (logs in ${stateDir}/logs)`);
      process.exitCode = 1;
    }
  } finally {
    await stopVariants(runs);
  }
}

console.log(`lab bench: LAB_PORT_OFFSET=${offset}, state in ${stateDir}; ${load()}`);
const lab = await startLabCli();
try {
  console.log(`time to up: ${(lab.upMs / 1_000).toFixed(1)} s from \`lab start\` to "is up" (target: under 10 s)`);
  printMemory('memory right after up', lab.pids);
  if (loadSeconds > 0) await runBaseline(loadSeconds);
  const rss = printMemory(`memory after ${loadSeconds} s of baseline load`, lab.pids);
  console.log(`lab RSS in all: ${(rss / GIB).toFixed(2)} GiB (target: under 1 GiB): ${rss < GIB ? 'MET' : 'NOT MET'}`);
  console.log(`\ntelemetry cost (crm-sync Data Action, cache hits, ${connections} connections, ${duration} s rounds):`);
  await telemetryCost();
} catch (error) {
  console.error(`FAIL: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await stopChild(lab.child, 30_000);
}
