/**
 * Telemetry ablation, side by side: one crm-sync process per variant (an environment each), all pinned to CPU 0 and
 * loaded at once by one wrk each on CPU 1, for --rounds rounds of 8 s; the core's scheduler shares it among them, so
 * each round meets every variant with the same machine, and each variant's requests/s is compared with the first
 * variant's in the same round (CPU per request beside it). Crm-sync's Data Action on a cache hit, 20 connections
 * per process. Variants are standard OTEL_* environments, e.g.
 *
 *   node packages/lab-runner/bench/telemetry-side-by-side.mjs \
 *     '{"off":{"OTEL_SDK_DISABLED":"true"},"default":{},"exporter_none":{"OTEL_TRACES_EXPORTER":"none"},"always_off":{"OTEL_TRACES_SAMPLER":"always_off"}}' 5
 *
 * (exporter_none: the context manager and propagation only, no tracer provider; always_off: the provider and its
 * sampler, nothing recorded). Starts its own small lab (crm-sync's dependencies and Jaeger) on free ports. Needs a
 * built workspace and the toolchain on PATH (setup.sh --print-env); wrk and taskset (util-linux).
 */

import { mkdtempSync } from 'node:fs';
import { freePort, startLab, startNodeApp } from '@lab/lab-runner';
import { cpuSecondsOf, pinToCpus, runLoad } from '@lab/lab-runner/bench';
import { appEnv, stateEnv } from '@lab/topology';

const stateDir = mkdtempSync('/tmp/zz-exp-');
const lab = await startLab({ stateDir, services: ['crm-sync'], jaeger: true }).catch(async (e) => {
  console.error(e.message);
  process.exit(1);
});
const t = lab.topology;
const spec = t.services['crm-sync'];
if (!process.argv[2]) {
  console.error('usage: telemetry-side-by-side.mjs \'{"name":{"VAR":"value"},...}\' [rounds]');
  process.exit(2);
}
const variants = JSON.parse(process.argv[2]);
const apps = [];
for (const [name, env] of Object.entries(variants)) {
  const port = await freePort();
  const app = await startNodeApp({
    app: spec.app,
    name,
    url: `http://${t.host}:${port}`,
    healthPath: spec.healthPath,
    nodeArgs: ['--import', '@lab/telemetry/instrumentation', ...(env.NODE_ARGS ? env.NODE_ARGS.split(' ') : [])],
    env: {
      ...appEnv('crm-sync', t),
      ...stateEnv('crm-sync', stateDir, t),
      OTEL_SERVICE_NAME: 'crm-sync-exp',
      ...env,
      [spec.portEnv]: String(port),
    },
    logFile: `${stateDir}/${name}.log`,
  });
  pinToCpus(app.pid, '0');
  apps.push({ name, app });
}
const req = (app) => ({
  url: `${app.url}/api/v1/dataactions/customer-enrichment`,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ contactId: 'c-1' }),
});
try {
  await Promise.all(apps.map(({ app }) => runLoad('wrk', req(app), { connections: 20, seconds: 3, cpus: '1' })));
  const rel = Object.fromEntries(apps.map((a) => [a.name, []]));
  for (let round = 1; round <= Number(process.argv[3] ?? 5); round++) {
    const res = await Promise.all(
      apps.map(async ({ name, app }) => {
        const b = cpuSecondsOf(app.pid);
        const r = await runLoad('wrk', req(app), { connections: 20, seconds: 8, cpus: '1' });
        return { name, rps: r.rps, cpu: ((cpuSecondsOf(app.pid) - b) * 1e6) / r.requests, non2xx: r.non2xx };
      }),
    );
    const base = res[0].rps;
    for (const r of res) rel[r.name].push(1 - r.rps / base);
    console.log(
      `round ${round}: ` +
        res
          .map(
            (r) =>
              `${r.name} ${r.rps.toFixed(0)} rps ${r.cpu.toFixed(0)}µs (${((1 - r.rps / base) * 100).toFixed(1)}%)${r.non2xx ? ' NON2XX ' + r.non2xx : ''}`,
          )
          .join(' | '),
    );
  }
  for (const [n, v] of Object.entries(rel)) {
    v.sort((a, b) => a - b);
    console.log(
      `${n}: median cost vs ${apps[0].name} ${(v[Math.floor(v.length / 2)] * 100).toFixed(1)} % (${(v[0] * 100).toFixed(1)} .. ${(v.at(-1) * 100).toFixed(1)})`,
    );
  }
} finally {
  await Promise.all(apps.map((a) => a.app.stop()));
  await lab.stop();
}
