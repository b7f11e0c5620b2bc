// Benchmark (prints figures; not a test): three crm-sync replicas under autocannon load, resilient and naive side
// by side, through a CRM outage (Toxiproxy drops the CRM's answers: requests still reach the mock CRM, so its
// request log counts them) and its recovery.
//   npm run bench -- fleet [--healthy 5] [--outage 15] [--recovery 10] [--connections 20]
// or, after a build: node packages/lab-runner/bench/fleet.ts
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { mockAdmin } from '@lab/lab-client';
import { type RunningLab, startLab } from '@lab/lab-runner';
import autocannon from 'autocannon';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'fleet'),
  options: {
    healthy: { type: 'string', default: '5' },
    outage: { type: 'string', default: '15' },
    recovery: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
const seconds = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const HEALTHY_S = seconds('healthy');
const OUTAGE_S = seconds('outage');
const RECOVERY_S = seconds('recovery');
const CONNECTIONS = Math.round(seconds('connections'));
const REPLICAS = ['crm-sync', 'crm-sync-2', 'crm-sync-3'];
const ACTION = '/api/v1/dataactions/customer-enrichment';
/** A Data Action's window (the fulfillment note): an answer later than this is a failure for the flow. */
const WINDOW_MS = 3_000;

interface Sample {
  at: number;
  status: number;
  ms: number;
}

interface Row {
  mode: string;
  requests: number;
  successPct: number;
  p50: number;
  p99: number;
  max: number;
  outageMax: number;
  reachedCrmWhileDown: number;
  recoveryMs: number | undefined;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One Data Action that the CRM answered (not a fallback, not an error) within the window. */
async function answeredByCrm(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}${ACTION}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId: 'c-probe' }),
      signal: AbortSignal.timeout(WINDOW_MS),
    });
    const body = (await r.json()) as { isFallback?: boolean };
    return r.status === 200 && body.isFallback === false;
  } catch {
    return false;
  }
}

async function runMode(mode: 'resilient' | 'naive'): Promise<Row> {
  const lab: RunningLab = await startLab({
    services: ['crm-sync'],
    env: {
      'mock-crm': { CRM_LOG_LEVEL: 'warn' },
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_MODE: mode,
        // no fresh-cache window: every Data Action asks the CRM (the cache serves only while it fails)
        RESILIENCE_OVERRIDES: JSON.stringify({
          crm: { cache: { ttlMs: 0 }, breaker: { halfOpenAfterMs: 2_000, maxHalfOpenAfterMs: 8_000 } },
        }),
      },
    },
  });
  try {
    for (const instance of REPLICAS.slice(1))
      await lab.startService('crm-sync', { instance, env: { REPLICA_ID: instance } });
    const urls = REPLICAS.map((name) => lab.app(name).url);
    const crm = mockAdmin(lab.url('mock-crm'));
    const proxy = await lab.toxiproxy!.client.get('crm-sync-to-crm');

    const samples: Sample[] = [];
    const total = HEALTHY_S + OUTAGE_S + RECOVERY_S;
    // one autocannon per replica (a caller per connection, the connections spread over the replicas)
    const runs = urls.map(
      (url, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${url}${ACTION}`,
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ contactId: `c-${i + 1}` }),
              connections: Math.max(1, Math.round(CONNECTIONS / urls.length)),
              duration: total,
              timeout: 20,
            },
            (error, result) => (error ? reject(error) : resolve(result)),
          );
          instance.on('response', (_client, status, _bytes, ms) => samples.push({ at: Date.now(), status, ms }));
        }),
    );

    await sleep(HEALTHY_S * 1_000);
    const downAt = Date.now();
    const toxic = await proxy.addToxic({
      name: 'bench-crm-blackhole',
      type: 'timeout',
      stream: 'downstream',
      toxicity: 1,
      attributes: { timeout: 0 },
    });
    await sleep(OUTAGE_S * 1_000);
    await toxic.remove();
    const upAt = Date.now();
    // time to full recovery: every replica answers from the CRM again
    let recoveryMs: number | undefined;
    const recovered = new Set<string>();
    while (Date.now() - upAt < RECOVERY_S * 1_000 && recovered.size < urls.length) {
      for (const url of urls) if (!recovered.has(url) && (await answeredByCrm(url))) recovered.add(url);
      if (recovered.size === urls.length) recoveryMs = Date.now() - upAt;
      else await sleep(100);
    }
    const results = await Promise.all(runs);
    const errors = results.reduce((n, r) => n + r.errors + r.timeouts, 0);

    const whileDown = (await crm.requests({ since: downAt })).filter((q) => q.at < upAt && q.route !== 'unmatched');
    const all = samples.map((s) => s.ms).sort((a, b) => a - b);
    const outage = samples.filter((s) => s.at >= downAt && s.at < upAt + 1_000).map((s) => s.ms);
    const ok = samples.filter((s) => s.status === 200 && s.ms <= WINDOW_MS).length;
    const requests = samples.length + errors;
    return {
      mode,
      requests,
      successPct: requests === 0 ? 0 : (100 * ok) / requests,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      max: all.at(-1) ?? 0,
      outageMax: outage.length === 0 ? 0 : Math.max(...outage),
      reachedCrmWhileDown: whileDown.length,
      recoveryMs,
    };
  } finally {
    await lab.stop();
  }
}

const rows: Row[] = [];
for (const mode of ['resilient', 'naive'] as const) rows.push(await runMode(mode));
const fmt = (ms: number) => `${Math.round(ms)} ms`;
console.log(
  `\nfleet benchmark: 3 crm-sync replicas, autocannon ${CONNECTIONS} connections over them; ${HEALTHY_S} s healthy, ` +
    `${OUTAGE_S} s CRM blackholed (Toxiproxy drops its answers), ${RECOVERY_S} s recovery. Success: 200 within ` +
    `${WINDOW_MS} ms (a fallback answer counts: the flow goes on). 1-min load average at the end: ` +
    `${loadavg()[0]?.toFixed(2)} (machine shared by other work)\n`,
);
console.log(
  '| mode | requests | success % | p50 | p99 | max | max while down | reached the CRM while down | time to full recovery |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.mode} | ${r.requests} | ${r.successPct.toFixed(1)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ` +
      `${fmt(r.outageMax)} | ${r.reachedCrmWhileDown} | ${r.recoveryMs === undefined ? `> ${RECOVERY_S} s` : fmt(r.recoveryMs)} |`,
  );
}
