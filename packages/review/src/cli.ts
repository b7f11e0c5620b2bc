#!/usr/bin/env node
// `npm run review`: runs the experiments against the lab, resilient and naive, and gates on the resilient side.
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labStateDir, type RunningLab, startLab } from '@lab/lab-runner';
import { topology as baseTopology, type Topology, withPortOffset } from '@lab/topology';
import { HelpRequested, parseReviewArgs } from './cli-args.js';
import { labContext } from './lab-context.js';
import { loadExperiments } from './load-experiments.js';
import { sideBySide } from './report/markdown.js';
import { runReview } from './review.js';
import { acquireReviewLock } from './review-lock.js';
import { newSeed } from './rng.js';

const defaultExperiments = join(dirname(fileURLToPath(import.meta.url)), '..', 'experiments');
const fail = (line: string, code = 2): never => {
  console.error(`review: ${line}`);
  process.exit(code);
};

const portFree = (port: number, host: string) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });

function labPorts(t: Topology): number[] {
  return [
    t.toxiproxy.apiPort,
    t.infra.redis.port,
    t.infra.prometheus.port,
    t.infra.jaeger.otlpHttpPort,
    t.infra.jaeger.otlpGrpcPort,
    t.infra.jaeger.queryPort,
    ...Object.values(t.services).map((s) => s.port),
    ...t.proxies.map((p) => p.listenPort),
  ];
}

async function labIsUp(t: Topology, services: string[]): Promise<string | undefined> {
  const ok = (url: string) =>
    fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
      (r) => r.ok,
      () => false,
    );
  if (!(await ok(`http://${t.host}:${t.toxiproxy.apiPort}/version`))) return `toxiproxy on port ${t.toxiproxy.apiPort}`;
  for (const name of services) {
    const s = t.services[name];
    if (s && !(await ok(`http://${t.host}:${s.port}${s.healthPath}`))) return `${name} on port ${s.port}`;
  }
  return undefined;
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseReviewArgs>;
  try {
    args = parseReviewArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(error.message);
      process.exit(0);
    }
    return fail((error as Error).message);
  }
  let experiments: ReturnType<typeof loadExperiments> = [];
  try {
    experiments = loadExperiments(args.experimentsDir ?? defaultExperiments, args.only);
  } catch (error) {
    return fail((error as Error).message);
  }
  const topology = withPortOffset(baseTopology, args.portOffset);
  const stateDir = args.startLab ? join(labStateDir, `review-lab-${args.portOffset}`) : labStateDir;
  const seed = args.seed ?? newSeed();
  const form = args.long ? 'long' : 'short';
  const outDir = args.out ?? join(labStateDir, 'review', new Date().toISOString().replace(/[:.]/g, '-'));
  const abort = new AbortController();
  let lab: RunningLab | undefined;
  let release: (() => Promise<void>) | undefined;
  const cleanUp = async () => {
    await release?.().catch(() => undefined);
    await lab?.stop();
  };
  let interrupted: string | undefined;
  const interrupt = (signal: string) => {
    if (interrupted) {
      console.error(`review: ${signal} again: exiting at once, rollbacks may not have finished`);
      process.exit(130);
    }
    interrupted = signal;
    console.error(`review: ${signal}: stopping the method, running the rollbacks...`);
    abort.abort();
  };
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));

  try {
    release = await acquireReviewLock(stateDir, {
      waitMs: args.waitLockSeconds * 1_000,
      command: process.argv.slice(2).join(' ') || '(all)',
      onWait: (holder) => console.log(`review: waiting for the lock (held by pid ${holder?.pid ?? '?'})`),
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  try {
    if (args.startLab) {
      for (const port of labPorts(topology)) {
        if (!(await portFree(port, topology.host))) {
          await cleanUp();
          return fail(`port ${port} is already taken; pick another --port-offset`);
        }
      }
      console.log(`review: starting a lab at port offset ${args.portOffset} (logs in ${join(stateDir, 'logs')})`);
      const env = Object.fromEntries(args.labNaive.map((name) => [name, { RESILIENCE_MODE: 'naive' }]));
      lab = await startLab({
        topology,
        ports: 'topology',
        stateDir,
        env,
        onStarted: (p) => console.log(`  started ${p.name}`),
      });
    } else {
      const down = await labIsUp(topology, [...new Set(experiments.map((e) => e.target))]);
      if (down) {
        await cleanUp();
        return fail(`the lab is not up (${down} does not answer); start it with \`npm run lab\` or pass --start-lab`);
      }
    }
    console.log(`review: seed ${seed} (repeat with --seed ${seed}), ${form} form, ${experiments.length} experiment(s)`);
    const ctx = labContext(topology);
    for (const name of Object.keys(topology.services)) {
      const app = lab?.processes.find((p) => p.name === name);
      if (app) ctx.owned.set(name, app);
    }
    const review = await runReview(ctx, experiments, {
      seed,
      form,
      lab: args.startLab ? `started at port offset ${args.portOffset}` : 'running',
      outDir,
      naive: args.naive,
      signal: abort.signal,
      progress: (line) => console.log(line),
    });
    console.log(`\n${sideBySide(review)}\n`);
    const warned = review.experiments.filter((e) => e.resilient.warnings.length > 0).map((e) => e.name);
    const warnings = warned.length > 0 ? ` (warnings, not failing the gate: ${warned.join(', ')})` : '';
    console.log(
      `review: ${review.verdict}${warnings}; report ${join(outDir, 'report.md')}, junit ${join(outDir, 'junit.xml')}`,
    );
    await cleanUp();
    if (interrupted) {
      console.error(`review: interrupted by ${interrupted}: the rollbacks ran and the lock is released; exit 130`);
      process.exit(130);
    }
    process.exit(review.verdict === 'passed' ? 0 : 1);
  } catch (error) {
    await cleanUp();
    fail((error as Error).message.split('\n')[0] ?? 'failed', 1);
  }
}

await main();
