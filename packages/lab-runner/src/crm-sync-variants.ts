import { join } from 'node:path';
import { appEnv, stateEnv, type Topology } from '@lab/topology';
import { freePort } from './free-port.js';
import { type LoadGeneratorName, type LoadResult, runLoad } from './load-generator.js';
import { medianAndRange } from './median.js';
import { type RunningNodeApp, startNodeApp } from './node-app.js';
import { cpuSecondsOf, pinToCpus } from './process-cpu.js';

/**
 * Crm-sync processes that differ only in their environment (telemetry variants), loaded in rounds on crm-sync's
 * Data Action cache hit: the one telemetry A/B behind both `npm run bench -- lab` (lab-bench.ts) and
 * `bench/telemetry-profile.mjs`.
 */
export interface CrmSyncVariant {
  name: string;
  /** Added to crm-sync's lab environment (e.g. OTEL_SDK_DISABLED, OTEL_TRACES_SAMPLER). */
  env: Record<string, string>;
  /** Node flags besides `--import @lab/telemetry/instrumentation` (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface VariantRound extends LoadResult {
  round: number;
  /** The crm-sync process's CPU time (every thread) per answer in this round, µs. */
  cpuUs: number;
}

export interface VariantRun {
  name: string;
  app: RunningNodeApp;
  rounds: VariantRound[];
}

/** Starts one crm-sync per variant on free ports of the lab's host, each traced by `--import` of the SDK. */
export async function startCrmSyncVariants(
  topology: Topology,
  stateDir: string,
  variants: readonly CrmSyncVariant[],
): Promise<VariantRun[]> {
  const spec = topology.services['crm-sync'];
  if (!spec) throw new Error('no crm-sync in the topology');
  const runs: VariantRun[] = [];
  try {
    for (const { name, env, nodeArgs = [] } of variants) {
      const port = await freePort();
      const app = await startNodeApp({
        app: spec.app,
        name,
        url: `http://${topology.host}:${port}`,
        healthPath: spec.healthPath,
        nodeArgs: [...nodeArgs, '--import', '@lab/telemetry/instrumentation'],
        env: {
          ...appEnv('crm-sync', topology),
          ...stateEnv('crm-sync', stateDir, topology),
          ...env,
          [spec.portEnv]: String(port),
        },
        logFile: join(stateDir, 'logs', `${name}.log`),
      });
      runs.push({ name, app, rounds: [] });
    }
  } catch (error) {
    await stopVariants(runs);
    throw error;
  }
  return runs;
}

export function stopVariants(runs: readonly VariantRun[]): Promise<unknown> {
  return Promise.allSettled(runs.map((run) => run.app.stop()));
}

export interface VariantRoundsOptions {
  client: LoadGeneratorName;
  connections: number;
  seconds: number;
  rounds: number;
  /**
   * Every variant loaded at once in each round (they should share one pinned core: the scheduler then gives each
   * the same share of whatever the machine does that round), else one after the other, the order reversed each
   * round (ABBA).
   */
  sideBySide: boolean;
  /** taskset's CPU list for the crm-sync processes (pinned before the warm-up); undefined: not pinned. */
  serverCpus?: string | undefined;
  /** taskset's CPU list for wrk (autocannon runs in this process; pin it yourself). */
  clientCpus?: string | undefined;
  /** A discarded round first, for the JIT and crm-sync's cache (default 3 s). */
  warmupSeconds?: number;
  /** Called after each round with every run's result of that round, in the order they were loaded. */
  onRound?: (round: number, results: [VariantRun, VariantRound][]) => void;
}

/** Loads the variants in rounds; each run's results land in `run.rounds`. */
export async function loadVariantRounds(runs: readonly VariantRun[], options: VariantRoundsOptions): Promise<void> {
  if (options.serverCpus !== undefined) for (const run of runs) pinToCpus(run.app.pid, options.serverCpus);
  const one = async (run: VariantRun, round: number, seconds: number): Promise<VariantRound> => {
    const before = cpuSecondsOf(run.app.pid);
    const result = await runLoad(
      options.client,
      {
        url: `${run.app.url}/api/v1/dataactions/customer-enrichment`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: 'c-1' }),
      },
      { connections: options.connections, seconds, cpus: options.clientCpus },
    );
    const cpuUs = ((cpuSecondsOf(run.app.pid) - before) * 1e6) / Math.max(1, result.requests);
    return { ...result, round, cpuUs };
  };
  const loadRound = async (round: number, seconds: number): Promise<[VariantRun, VariantRound][]> => {
    if (options.sideBySide) {
      const results = await Promise.all(runs.map((run) => one(run, round, seconds)));
      return runs.map((run, i) => [run, results[i]!]);
    }
    const order = round % 2 === 1 ? runs : [...runs].reverse();
    const results: [VariantRun, VariantRound][] = [];
    for (const run of order) results.push([run, await one(run, round, seconds)]);
    return results;
  };
  await loadRound(0, options.warmupSeconds ?? 3);
  for (let round = 1; round <= options.rounds; round++) {
    const results = await loadRound(round, options.seconds);
    for (const [run, result] of results) run.rounds.push(result);
    options.onRound?.(round, results);
  }
}

/**
 * The cost of `run` against `base`, round by round (round i of one against round i of the other: side by side
 * they met the same machine), as the median and range of those costs: of requests/s (1 - run/base) or of CPU per
 * request (1 - base/run, the share of the run's CPU the base did not need).
 */
export function pairedCost(run: VariantRun, base: VariantRun, key: 'rps' | 'cpuUs') {
  return medianAndRange(
    run.rounds.map((r, i) => {
      const b = base.rounds[i]!;
      return key === 'rps' ? 1 - r.rps / b.rps : 1 - b.cpuUs / r.cpuUs;
    }),
  );
}

/** One round's line: requests/s, p99, CPU per request, failures. */
export function roundLine(round: number, name: string, result: VariantRound, extra = ''): string {
  return (
    `round ${round} ${name.padEnd(24)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99Ms.toFixed(1).padStart(5)} ms  ` +
    `CPU ${result.cpuUs.toFixed(1).padStart(6)} µs/request${extra}  non-2xx ${result.non2xx}  errors ${result.errors}`
  );
}

/** Whether any round of any run had non-2xx answers or socket errors. */
export function failedRounds(runs: readonly VariantRun[]): VariantRound[] {
  return runs.flatMap((run) => run.rounds).filter((r) => r.non2xx > 0 || r.errors > 0);
}
