/**
 * What exact rate limits would cost the mock if it ran on several cores: the same fixed-window consume the mock's
 * pipeline does per request (rate-limiter-flexible), in-process (RateLimiterMemory, what the one-process mock does)
 * against counters held in the cluster primary that every worker asks over IPC (rate-limiter-flexible's
 * RateLimiterCluster / RateLimiterClusterMaster). Per way: consumes/s with `--concurrency` in flight (the
 * benchmark's 50 connections), round-trip latency p50/p99, and CPU per consume in the asking process and in the
 * primary. The mock's pipeline consumes twice per request (the token's window, then the org's).
 *
 *   node apps/mock-genesys/bench/counter-round-trip.ts [--seconds 5] [--concurrency 50]
 */

import { execFileSync } from 'node:child_process';
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { RateLimiterCluster, RateLimiterClusterMaster, RateLimiterMemory } from 'rate-limiter-flexible';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '50' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
if (!(seconds > 0) || !(concurrency >= 1)) throw new Error('--seconds and --concurrency must be positive');

interface Limiter {
  consume(key: string): Promise<unknown>;
}

interface Outcome {
  way: string;
  consumes: number;
  perSecond: number;
  p50Us: number;
  p99Us: number;
  /** CPU (user + system) of the asking process per consume, µs. */
  askerCpuUs: number;
}

/** `concurrency` loops consuming one after another for `seconds`; every consume's latency recorded. */
async function drive(way: string, limiter: Limiter): Promise<Outcome> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await limiter.consume('token:bench');
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 1e3;
  return {
    way,
    consumes: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Us: at(0.5),
    p99Us: at(0.99),
    askerCpuUs: (used.user + used.system) / latencies.length,
  };
}

const options = { points: 1_000_000_000, duration: 60 };

if (cluster.isPrimary) {
  console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  console.log(`${concurrency} consumes in flight, ${seconds} s per way\n`);
  const local = await drive('in-process (RateLimiterMemory)', new RateLimiterMemory({ ...options, keyPrefix: 'a' }));
  new RateLimiterClusterMaster();
  const worker = cluster.fork();
  const primaryCpu = process.cpuUsage();
  const remote = await new Promise<Outcome>((resolve, reject) => {
    worker.on('message', (message: { outcome?: Outcome }) => {
      if (message.outcome) resolve(message.outcome);
    });
    worker.once('exit', (code) => reject(new Error(`the worker exited with ${code} before it reported`)));
  });
  const primaryUsed = process.cpuUsage(primaryCpu);
  worker.kill();
  const rows = [
    { ...local, primaryCpuUs: 0 },
    { ...remote, primaryCpuUs: (primaryUsed.user + primaryUsed.system) / remote.consumes },
  ];
  console.log('way                                        consumes/s  p50 µs  p99 µs  asker CPU µs  primary CPU µs');
  for (const r of rows) {
    console.log(
      `${r.way.padEnd(42)} ${r.perSecond.toFixed(0).padStart(10)} ${r.p50Us.toFixed(0).padStart(7)} ` +
        `${r.p99Us.toFixed(0).padStart(7)} ${r.askerCpuUs.toFixed(1).padStart(13)} ${r.primaryCpuUs.toFixed(1).padStart(15)}`,
    );
  }
  const extra = rows[1]!.askerCpuUs + rows[1]!.primaryCpuUs - rows[0]!.askerCpuUs;
  console.log(
    `\nper mock request (two consumes): +${(2 * extra).toFixed(1)} µs of CPU over in-process counting, ` +
      `and the answer waits a round trip of p50 ${rows[1]!.p50Us.toFixed(0)} µs twice`,
  );
  console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
} else {
  const limiter = new RateLimiterCluster({ ...options, keyPrefix: 'b', timeoutMs: 10_000 });
  await limiter.consume('warm-up'); // waits for the primary's init
  const outcome = await drive('primary over IPC (RateLimiterCluster)', limiter);
  process.send?.({ outcome });
}
