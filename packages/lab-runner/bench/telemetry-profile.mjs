/**
 * Where telemetry's time goes on crm-sync's Data Action cache hit. One crm-sync process per variant (default: traced
 * into the lab's Jaeger, and OTEL_SDK_DISABLED=true; or any set of environments, --variant), all side by side on one
 * lab, loaded by --client (autocannon in this process, or wrk) for --seconds each in alternating rounds (ABBA...),
 * requests/s and CPU per request. With --pin the crm-sync processes run on CPU 0 and the load generator on the others.
 * With --profile each runs under `node --cpu-prof`, and the profiles are summarised at the end: self time by package
 * (node_modules/<pkg>, the lab's own workspaces, node: internals, GC) and the top functions by self time.
 *
 *   node packages/lab-runner/bench/telemetry-profile.mjs [--seconds 10] [--rounds 2] [--connections 20] [--profile]
 *     [--variant 'name:VAR=value,VAR=value' ...] [--otlp jaeger|sink] [--client autocannon|wrk] [--pin]
 *   node packages/lab-runner/bench/telemetry-profile.mjs --summarise file.cpuprofile [--top 25]
 *
 * Needs a built workspace and Jaeger/Redis/Toxiproxy on PATH (packages/toolchain/bin/setup.sh --print-env); wrk and
 * taskset (util-linux) for --client wrk and --pin.
 */

import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, startLab, startNodeApp } from '@lab/lab-runner';
import { benchCpuSplit, cpuSecondsOf, LOAD_GENERATORS, pinToCpus, runLoad } from '@lab/lab-runner/bench';
import { appEnv, stateEnv } from '@lab/topology';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    top: { type: 'string', default: '25' },
    rounds: { type: 'string', default: '1' },
    // name:VAR=value,VAR=value (repeatable); default: instrumented and OTEL_SDK_DISABLED
    variant: { type: 'string', multiple: true },
    // write and summarise a .cpuprofile per variant (profiling slows both sides)
    profile: { type: 'boolean', default: false },
    summarise: { type: 'string' },
    // jaeger: the lab's real Jaeger; sink: a bare HTTP server answering 200 to every OTLP POST (for when Jaeger is
    // not built yet; the exporter's work in crm-sync is the same, the receiver's is not measured either way)
    otlp: { type: 'string', default: 'jaeger' },
    // autocannon (in this process) or wrk
    client: { type: 'string', default: 'autocannon' },
    // crm-sync processes on CPU 0, the load generator on the other cores
    pin: { type: 'boolean', default: false },
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
  const client = values.client;
  if (!LOAD_GENERATORS.includes(client))
    throw new Error(`--client must be ${LOAD_GENERATORS.join(' or ')}, got ${client}`);
  const split = values.pin ? benchCpuSplit() : undefined;
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  const useJaeger = values.otlp === 'jaeger';
  const lab = await startLab({ onDemand: ['crm-sync'], jaeger: useJaeger });
  const t = lab.topology;
  let sink;
  const otlpEnv = {};
  if (!useJaeger) {
    sink = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    const port = await freePort();
    await new Promise((resolve) => sink.listen(port, t.host, resolve));
    otlpEnv.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${t.host}:${port}`;
  }
  const spec = t.services['crm-sync'];
  const profDir = join(lab.stateDir, 'profiles');
  const parseVariant = (text) => {
    const [name, vars = ''] = text.split(/:(.*)/s);
    const env = Object.fromEntries(
      vars
        .split(',')
        .filter(Boolean)
        .map((kv) => kv.split(/=(.*)/s).slice(0, 2)),
    );
    return { name, env };
  };
  const variants = (
    values.variant ?? ['instrumented:OTEL_SERVICE_NAME=crm-sync-profile', 'OTEL_SDK_DISABLED:OTEL_SDK_DISABLED=true']
  ).map(parseVariant);
  const start = async ({ name, env: extra }) => {
    const port = await freePort();
    const dir = join(profDir, name);
    mkdirSync(dir, { recursive: true });
    const app = await startNodeApp({
      app: spec.app,
      name,
      url: `http://${t.host}:${port}`,
      healthPath: spec.healthPath,
      nodeArgs: [
        ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
        '--import',
        '@lab/telemetry/instrumentation',
      ],
      env: {
        ...appEnv('crm-sync', t),
        ...stateEnv('crm-sync', lab.stateDir, t),
        ...otlpEnv,
        ...extra,
        [spec.portEnv]: String(port),
      },
      logFile: join(lab.stateDir, 'logs', `${name}.log`),
    });
    return { name, app, dir, results: [] };
  };
  const hit = (app, duration) =>
    runLoad(
      client,
      {
        url: `${app.url}/api/v1/dataactions/customer-enrichment`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: 'c-1' }),
      },
      { connections, seconds: duration, cpus: split?.client },
    );
  const running = [];
  try {
    for (const variant of variants) running.push(await start(variant));
    if (split) {
      for (const run of running) pinToCpus(run.app.pid, split.server);
      if (client === 'autocannon') pinToCpus(process.pid, split.client);
    }
    for (const run of running) await hit(run.app, 2); // JIT and the cache; discarded
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse();
      for (const run of order) {
        const before = cpuSecondsOf(run.app.pid);
        const result = await hit(run.app, seconds);
        const cpuUs = ((cpuSecondsOf(run.app.pid) - before) * 1e6) / Math.max(1, result.requests);
        run.results.push({ rps: result.rps, cpuUs });
        console.log(
          `round ${round + 1} ${run.name.padEnd(24)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ` +
            `${result.p99Ms.toFixed(1).padStart(5)} ms  CPU ${cpuUs.toFixed(1).padStart(6)} µs/request  non-2xx ` +
            `${result.non2xx}  (1-min load ${loadavg()[0].toFixed(2)})`,
        );
      }
    }
    const mean = (run, key) => run.results.reduce((s, r) => s + r[key], 0) / run.results.length;
    const base = running.at(-1);
    console.log(`\nmeans (cost against the last variant, ${base.name}):`);
    for (const run of running) {
      console.log(
        `  ${run.name.padEnd(24)} ${mean(run, 'rps').toFixed(0).padStart(6)} req/s  CPU ${mean(run, 'cpuUs').toFixed(1).padStart(6)} ` +
          `µs/request  cost ${((1 - mean(run, 'rps') / mean(base, 'rps')) * 100).toFixed(1)} % of req/s, ` +
          `${((1 - mean(base, 'cpuUs') / mean(run, 'cpuUs')) * 100).toFixed(1)} % of CPU`,
      );
    }
  } finally {
    await Promise.allSettled(running.map((r) => r.app.stop()));
    sink?.close();
    await lab.stop();
  }
  if (values.profile) {
    for (const run of running) {
      const file = readdirSync(run.dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) summarise(join(run.dir, file), `${run.name} (${join(run.dir, file)})`);
    }
  }
}
