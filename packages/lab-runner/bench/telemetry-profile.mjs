/**
 * What telemetry costs crm-sync's Data Action on a cache hit, and where its time goes. One crm-sync process per
 * variant (an environment each), all on one small lab of their own (crm-sync's dependencies, and the lab's Jaeger or
 * --otlp sink) on free ports, each loaded by --connections connections for --seconds per round, --rounds rounds:
 * requests/s, p99 and CPU per request (from /proc; steadier than requests/s on a shared machine). Two modes:
 *
 * - ABBA (the default): the variants loaded one after the other, the order reversed each round, by --client
 *   (autocannon in this process by default, or wrk); with --pin the crm-sync processes run on CPU 0 and the load
 *   generator on the other cores. Ends with each variant's means and its cost against the last variant.
 *   Variants: --variant 'name:VAR=value,VAR=value' (repeatable); default `instrumented` (traced) and
 *   `OTEL_SDK_DISABLED` (OTEL_SDK_DISABLED=true).
 * - --side-by-side '{"name":{"VAR":"value"},...}': the telemetry ablation. Every process pinned to CPU 0 and all
 *   loaded at once (wrk by default, on the other cores), so the core's scheduler shares it among them and each round
 *   meets every variant with the same machine; each variant's requests/s is compared with the first variant's in the
 *   same round, and the end gives the median of those paired costs with their range. Defaults: 5 rounds of 8 s.
 *   E.g. '{"off":{"OTEL_SDK_DISABLED":"true"},"default":{},"exporter_none":{"OTEL_TRACES_EXPORTER":"none"},
 *   "always_off":{"OTEL_TRACES_SAMPLER":"always_off"}}' (exporter_none: the context manager and propagation only,
 *   no tracer provider; always_off: the provider and its sampler, nothing recorded).
 *
 * Every variant gets OTEL_SERVICE_NAME=crm-sync-profile unless it sets its own; a variable NODE_ARGS is not passed on
 * but split on spaces into extra node options for that process. With --profile each runs under `node --cpu-prof`,
 * and the profiles are summarised at the end: self time by package (node_modules/<pkg>, the lab's own workspaces,
 * node: internals, GC) and the top functions by self time. A run with any non-2xx answer or socket error exits 1.
 *
 *   node packages/lab-runner/bench/telemetry-profile.mjs [--seconds 10] [--rounds 1] [--connections 20] [--profile]
 *     [--variant 'name:VAR=value,VAR=value' ...] [--otlp jaeger|sink] [--client autocannon|wrk] [--pin]
 *   node packages/lab-runner/bench/telemetry-profile.mjs --side-by-side '<variants json>' [--seconds 8] [--rounds 5]
 *     [--connections 20] [--otlp jaeger|sink] [--client wrk|autocannon] [--profile]
 *   node packages/lab-runner/bench/telemetry-profile.mjs --summarise file.cpuprofile [--top 25]
 *
 * Needs a built workspace and Jaeger/Redis/Toxiproxy on PATH (packages/toolchain/bin/setup.sh --print-env); wrk and
 * taskset (util-linux) for --side-by-side, --client wrk and --pin.
 */

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startLab } from '@lab/lab-runner';
import {
  benchCpuSplit,
  failedRounds,
  LOAD_GENERATORS,
  loadVariantRounds,
  medianAndRange,
  pairedCost,
  pinToCpus,
  roundLine,
  startCrmSyncVariants,
  stopVariants,
} from '@lab/lab-runner/bench';

const { values } = parseArgs({
  options: {
    // per mode when not given: ABBA 10 s, 1 round, autocannon; --side-by-side 8 s, 5 rounds, wrk
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    client: { type: 'string' },
    connections: { type: 'string', default: '20' },
    top: { type: 'string', default: '25' },
    // ABBA: name:VAR=value,VAR=value (repeatable); default: instrumented and OTEL_SDK_DISABLED
    variant: { type: 'string', multiple: true },
    // the side-by-side mode, with its variants as JSON: {"name": {"VAR": "value"}, ...}
    'side-by-side': { type: 'string' },
    // ABBA: crm-sync processes on CPU 0, the load generator on the other cores (--side-by-side always pins)
    pin: { type: 'boolean', default: false },
    // write and summarise a .cpuprofile per variant (profiling slows every side)
    profile: { type: 'boolean', default: false },
    summarise: { type: 'string' },
    // jaeger: the lab's real Jaeger; sink: a bare HTTP server answering 200 to every OTLP POST (for when Jaeger is
    // not built yet; the exporter's work in crm-sync is the same, the receiver's is not measured either way)
    otlp: { type: 'string', default: 'jaeger' },
  },
});
const top = Number(values.top);

/** Where a profile node's code lives, coarsely: a package name, node:internal, (gc), (program), (idle). */
function ownerOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const ws = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (ws) return `@lab/${ws[2]}`;
  if (url.startsWith('node:')) return 'node:internal';
  return url;
}

export function summarise(file, label = file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i]
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self]
    .filter(([id]) => byId.get(id).callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const byOwner = new Map();
  const byFunction = new Map();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (functionName === '(idle)') continue;
    const owner = ownerOf(url, functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + t);
    const key = `${functionName || '(anonymous)'} ${owner}${url ? `:${url.split('/').at(-1)}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
  }
  const pct = (t) => `${((t / busy) * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n${label}: ${(busy / 1e6).toFixed(2)} s busy of ${(total / 1e6).toFixed(2)} s sampled`);
  console.log('  self time by owner (of busy time):');
  for (const [owner, t] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${pct(t)}  ${owner}`);
  console.log('  top functions by self time:');
  for (const [fn, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(t)}  ${fn}`);
  return { busy, byOwner };
}

if (values.summarise) {
  summarise(values.summarise);
} else {
  await measure();
}

function wholeNumber(name, text, min) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number >= ${min}, got ${text}`);
  return value;
}

/** `name:VAR=value,VAR=value` (the ABBA mode's --variant) as { name, env }. */
function parseVariant(text) {
  const [name, vars = ''] = text.split(/:(.*)/s);
  const env = Object.fromEntries(
    vars
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split(/=(.*)/s).slice(0, 2)),
  );
  return { name, env };
}

/** The variants of either mode, as [{ name, env }], in the order given. */
function variantsOf(sideBySideJson) {
  if (sideBySideJson !== undefined) {
    if (values.variant) throw new Error('--variant is for the ABBA mode; --side-by-side takes its variants as JSON');
    const parsed = JSON.parse(sideBySideJson);
    const variants = Object.entries(parsed).map(([name, env]) => ({ name, env: { ...env } }));
    if (variants.length < 2) throw new Error('--side-by-side needs at least two variants to compare');
    return variants;
  }
  return (values.variant ?? ['instrumented:', 'OTEL_SDK_DISABLED:OTEL_SDK_DISABLED=true']).map(parseVariant);
}

async function measure() {
  const sideBySide = values['side-by-side'] !== undefined;
  const variants = variantsOf(values['side-by-side']);
  const seconds = wholeNumber('seconds', values.seconds ?? (sideBySide ? '8' : '10'), 1);
  const rounds = wholeNumber('rounds', values.rounds ?? (sideBySide ? '5' : '1'), 1);
  const connections = wholeNumber('connections', values.connections, 1);
  const client = values.client ?? (sideBySide ? 'wrk' : 'autocannon');
  if (!LOAD_GENERATORS.includes(client))
    throw new Error(`--client must be ${LOAD_GENERATORS.join(' or ')}, got ${client}`);
  // Side by side, the variants share CPU 0 on purpose: that is what makes a round's figures comparable.
  const split = sideBySide || values.pin ? benchCpuSplit() : undefined;
  const useJaeger = values.otlp === 'jaeger';
  const lab = await startLab({ onDemand: ['crm-sync'], jaeger: useJaeger });
  const t = lab.topology;
  let sink;
  const otlpEnv = {};
  let runs = [];
  const profDir = join(lab.stateDir, 'profiles');
  try {
    if (!useJaeger) {
      sink = createServer((request, response) => {
        request.resume();
        request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      });
      const port = await freePort();
      await new Promise((resolve) => sink.listen(port, t.host, resolve));
      otlpEnv.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${t.host}:${port}`;
    }
    runs = await startCrmSyncVariants(
      t,
      lab.stateDir,
      variants.map(({ name, env: { NODE_ARGS, ...env } }) => {
        const dir = join(profDir, name);
        if (values.profile) mkdirSync(dir, { recursive: true });
        return {
          name,
          env: { OTEL_SERVICE_NAME: 'crm-sync-profile', ...otlpEnv, ...env },
          nodeArgs: [
            ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
            ...(NODE_ARGS ? NODE_ARGS.split(' ').filter(Boolean) : []),
          ],
        };
      }),
    );
    if (split) {
      if (client === 'autocannon') pinToCpus(process.pid, split.client);
      console.log(`crm-sync processes pinned to CPU ${split.server}, ${client} to CPU ${split.client}`);
    }
    await loadVariantRounds(runs, {
      client,
      connections,
      seconds,
      rounds,
      sideBySide,
      serverCpus: split?.server,
      clientCpus: split?.client,
      onRound: (round, results) => {
        const first = results.find(([run]) => run === runs[0])[1];
        for (const [run, result] of results) {
          // Side by side, the variants of one round met the same machine: the cost against the first is paired.
          const paired = sideBySide ? `  cost vs ${runs[0].name} ${pct(1 - result.rps / first.rps).padStart(7)}` : '';
          console.log(`${roundLine(round, run.name, result, paired)}  (1-min load ${loadavg()[0].toFixed(2)})`);
        }
      },
    });
    if (sideBySide) printPairedCosts(runs);
    else printMeans(runs);
    const failed = failedRounds(runs);
    if (failed.length > 0) {
      console.error(`FAIL: ${failed.length} load(s) had non-2xx answers or errors (logs in ${lab.stateDir}/logs)`);
      process.exitCode = 1;
    }
  } finally {
    await stopVariants(runs);
    sink?.close();
    await lab.stop();
  }
  if (values.profile) {
    for (const run of runs) {
      const dir = join(profDir, run.name);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) summarise(join(dir, file), `${run.name} (${join(dir, file)})`);
    }
  }
}

function pct(fraction) {
  return `${(fraction * 100).toFixed(1)} %`;
}

/** ABBA: each variant's mean round, and its cost against the last variant's. */
function printMeans(running) {
  const mean = (run, key) => run.rounds.reduce((s, r) => s + r[key], 0) / run.rounds.length;
  const base = running.at(-1);
  console.log(`\nmeans (cost against the last variant, ${base.name}):`);
  for (const run of running) {
    console.log(
      `  ${run.name.padEnd(24)} ${mean(run, 'rps').toFixed(0).padStart(6)} req/s  CPU ${mean(run, 'cpuUs').toFixed(1).padStart(6)} ` +
        `µs/request  cost ${pct(1 - mean(run, 'rps') / mean(base, 'rps'))} of req/s, ` +
        `${pct(1 - mean(base, 'cpuUs') / mean(run, 'cpuUs'))} of CPU`,
    );
  }
}

/** Side by side: each variant's median round, and the median of its rounds' costs against the first variant's. */
function printPairedCosts(running) {
  const base = running[0];
  const rounds = base.rounds.length;
  console.log(`\nmedians of ${rounds} side-by-side rounds (cost against ${base.name} in the same round):`);
  for (const run of running) {
    const rps = medianAndRange(run.rounds.map((r) => r.rps));
    const cpu = medianAndRange(run.rounds.map((r) => r.cpuUs));
    const cost = pairedCost(run, base, 'rps');
    console.log(
      `  ${run.name.padEnd(24)} ${rps.median.toFixed(0).padStart(6)} req/s  CPU ${cpu.median.toFixed(1).padStart(6)} ` +
        `µs/request  cost ${pct(cost.median)} of req/s (rounds ${pct(cost.min)} to ${pct(cost.max)})`,
    );
  }
}
