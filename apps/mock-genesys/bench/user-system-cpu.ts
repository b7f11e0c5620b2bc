/**
 * Where a request's CPU goes: user and system CPU time per request (from /proc/<pid>/stat) of the mock, of a
 * minimal Fastify answering the same bytes (bench/fastify-floor.mjs) and of bare node:http answering them
 * (bench/static-floor.mjs), loaded in turn by wrk for --rounds rounds. With --pin (the default on 2+ cores) the
 * servers share CPU 0 and wrk runs on the others. User time is the server's own work; system time is mostly the
 * kernel's loopback TCP, which moves between the sender's and the receiver's CPU with the load (on this VM the
 * floor's system time per request was 14 µs at 39 000/s and 33 µs at 21 000/s), so compare user time.
 *
 *   node apps/mock-genesys/bench/user-system-cpu.ts [--target details|queues] [--rounds 3] [--duration 6]
 *     [--connections 50] [--pin | --no-pin]
 *
 * Needs a built workspace (npx turbo run build) and wrk on PATH (the toolchain). Reports only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  freePort,
  httpOk,
  LAB_NODE_FLAGS,
  type RunningProcess,
  repoRoot,
  startMockGenesys,
  startProcess,
} from '@lab/lab-runner';
import { benchCpuSplit, cpuTimesOf, pinToCpus, runLoad } from '@lab/lab-runner/bench';
import { BENCH_MOCK_ENV, benchRequests, capture, fetchToken, positive } from './bench-requests.ts';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'details' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '50' },
    pin: { type: 'boolean', default: availableParallelism() >= 2 },
    'no-pin': { type: 'boolean', default: false },
  },
});
if (values.target !== 'details' && values.target !== 'queues')
  throw new Error(`--target must be details or queues, got ${values.target}`);
const rounds = Math.round(positive('rounds', values.rounds));
const seconds = positive('duration', values.duration);
const connections = Math.round(positive('connections', values.connections));
const split = values.pin && !values['no-pin'] ? benchCpuSplit() : undefined;

const dir = mkdtempSync(join(tmpdir(), 'user-system-cpu-'));
const running: RunningProcess[] = [];
try {
  const mock = await startMockGenesys({
    port: await freePort(),
    logFile: join(dir, 'mock-genesys.log'),
    env: BENCH_MOCK_ENV,
  });
  running.push(mock);
  const [queues, details] = benchRequests(await fetchToken(mock.url));
  const request = values.target === 'queues' ? queues : details;
  const { headers, body } = await capture(mock.url, request);
  const answers = join(dir, 'answers.json');
  writeFileSync(answers, JSON.stringify([{ method: request.method, url: request.path, status: 200, headers, body }]));

  const servers: { name: string; server: RunningProcess & { url: string } }[] = [{ name: 'mock', server: mock }];
  for (const [name, script] of [
    ['fastify', 'fastify-floor.mjs'],
    ['node:http', 'static-floor.mjs'],
  ] as const) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = await startProcess({
      name,
      command: process.execPath,
      args: [...LAB_NODE_FLAGS, join(repoRoot, 'apps/mock-genesys/bench', script), String(port), answers],
      cwd: join(repoRoot, 'apps/mock-genesys'),
      logFile: join(dir, `${script}.log`),
      ready: () => httpOk(`${url}/healthz`, 1_000),
    });
    running.push(proc);
    if ((await capture(url, request)).body !== body)
      throw new Error(`${name}'s answer to ${request.path} differs from the mock's`);
    servers.push({ name, server: Object.assign(proc, { url }) });
  }
  if (split) for (const { server } of servers) pinToCpus(server.pid, split.server);
  console.log(
    `${request.method} ${request.path}: ${Buffer.byteLength(body)} bytes; wrk, ${connections} connections, ` +
      `${seconds} s per server and round after 2 s discarded; ` +
      (split ? `servers on CPU ${split.server}, wrk on CPU ${split.client}` : 'everything on every core') +
      `; 1-min load average ${loadavg()[0]?.toFixed(2)}`,
  );
  const totals = new Map<string, { user: number; system: number; requests: number }>();
  for (let round = 1; round <= rounds; round++) {
    for (const { name, server } of servers) {
      const { path, ...rest } = request;
      const load = { ...rest, url: server.url + path };
      await runLoad('wrk', load, { connections, seconds: 2, cpus: split?.client }); // discarded
      const before = cpuTimesOf(server.pid);
      const result = await runLoad('wrk', load, { connections, seconds, cpus: split?.client });
      const after = cpuTimesOf(server.pid);
      if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const user = after.user - before.user;
      const system = after.system - before.system;
      const total = totals.get(name) ?? { user: 0, system: 0, requests: 0 };
      totals.set(name, {
        user: total.user + user,
        system: total.system + system,
        requests: total.requests + result.requests,
      });
      const per = (s: number) => ((s * 1e6) / result.requests).toFixed(1).padStart(5);
      console.log(
        `round ${round} ${name.padEnd(9)} ${result.rps.toFixed(0).padStart(6)} req/s  user ${per(user)} µs  ` +
          `system ${per(system)} µs per request  p99 ${result.p99Ms.toFixed(1)} ms`,
      );
    }
  }
  console.log('all rounds:');
  for (const [name, { user, system, requests }] of totals) {
    const per = (s: number) => ((s * 1e6) / requests).toFixed(1).padStart(5);
    console.log(`  ${name.padEnd(9)} user ${per(user)} µs  system ${per(system)} µs per request`);
  }
} finally {
  await Promise.allSettled(running.map((proc) => proc.stop()));
}
