import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningLab, startLab } from '@lab/lab-runner';
import { topology as baseTopology, serviceUrl, withPortOffset } from '@lab/topology';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every k6 scenario of the catalog, in its short form, with the real k6, through `npm run load`'s runner, against
// a whole native lab on moved ports. Budgets and breakers are tightened so that each hypothesis is reached within
// seconds: the conversations family gets 40 a minute at the mock and 36 for the services, and crm-sync's CRM
// breaker half-opens after 1-2 s.
const run = promisify(execFile);
// An offset (the k6 scripts find the lab by LAB_PORT_OFFSET) that keeps every port below Linux's ephemeral range
// (32768 and up), where free ports and outgoing connections are drawn from, and away from the review's (5000 up).
const offset = 3_000 + Math.floor(Math.random() * 20) * 100;
const t = withPortOffset(baseTopology, offset);
const stateDir = mkdtempSync(join(tmpdir(), 'load-scenarios-'));
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const env = { ...process.env, LAB_PORT_OFFSET: String(offset), LOAD_FORM: 'short', LAB_STATE_DIR: stateDir };
let lab: RunningLab | undefined;

beforeAll(async () => {
  const genesys = { rateLimit: { platformLimit: 40, budgetPerWindow: 36 } };
  lab = await startLab({
    topology: t,
    ports: 'topology',
    stateDir: join(stateDir, 'lab'),
    env: {
      'mock-genesys': { MOCK_ORG_RATE_LIMITS: JSON.stringify({ conversations: 40 }) },
      'webhook-processor': { LOG_LEVEL: 'warn', RESILIENCE_OVERRIDES: JSON.stringify({ genesys }) },
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({
          genesys,
          crm: { breaker: { halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 2_000 } },
        }),
      },
    },
  });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

/** Runs the CLI; answers its exit code and output instead of throwing on a non-zero exit. */
async function load(...args: string[]) {
  return loadWith({}, ...args);
}

async function loadWith(extraEnv: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args], {
      env: { ...env, ...extraEnv },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Health {
  dependencies?: Record<string, { breaker?: string }>;
}

/**
 * Waits until no service reports a breaker that is not closed (a scenario that opened one leaves it to heal), with
 * a light Data Action load so that the open ones get their half-open probes.
 */
async function settled() {
  const crmSync = serviceUrl('crm-sync', t);
  await vi.waitFor(
    async () => {
      await fetch(`${crmSync}/api/v1/dataactions/customer-enrichment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: 'settle' }),
      });
      for (const name of ['crm-sync', 'webhook-processor', 'scheduler', 'analytics-exporter']) {
        const health = (await (await fetch(`${serviceUrl(name, t)}/healthz`)).json()) as Health;
        for (const [dep, state] of Object.entries(health.dependencies ?? {})) {
          if (dep === 'genesys' && name === 'crm-sync') continue; // probed only by lookups; checked below
          expect(`${name}/${dep}: ${state.breaker ?? 'none'}`).toMatch(/: (closed|none)$/);
        }
      }
    },
    { timeout: 60_000, interval: 1_000 },
  );
}

/** The JSON summary the runner names on its last line. */
function summaryFile(stderr: string): string {
  const match = /load: summary in (\S+\.json)/.exec(stderr);
  if (!match) throw new Error(`no summary named in: ${stderr}`);
  return match[1]!;
}

const scenarios = readdirSync(join(import.meta.dirname, '..', '..', 'scenarios')).map((f) => f.replace(/\.ts$/, ''));

describe('the k6 catalog, short form, real k6', () => {
  it('lists every scenario with one line each', async () => {
    const { code, stdout } = await load('--list');
    expect(code).toBe(0);
    const names = stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(names.sort()).toEqual([...scenarios].sort());
    expect(scenarios.length).toBeGreaterThanOrEqual(11);
  });

  it('refuses an unknown scenario in one line naming it, with exit 2', async () => {
    const { code, stderr } = await load('no-such-scenario');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('no scenario "no-such-scenario"');
  });

  it('refuses to run when the lab is not up, naming what is down', async () => {
    const { code, stderr } = await run('node', [cli, 'smoke'], {
      env: { ...env, LAB_PORT_OFFSET: String(offset + 50) },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/the lab is not up: toxiproxy \(http:\/\/127\.0\.0\.1:\d+\/version\)/);
  });

  it('sends a traceparent: the trace id of a k6 request is found in Jaeger, with crm-sync spans', async () => {
    const { code, stderr } = await load('smoke', '--quiet');
    expect(code, stderr).toBe(0);
    const traceId = /trace ([0-9a-f]{32})/.exec(stderr)?.[1];
    expect(traceId, stderr).toBeDefined();
    const jaeger = `http://${t.host}:${t.infra.jaeger.queryPort}`;
    await vi.waitFor(
      async () => {
        const answer = (await (await fetch(`${jaeger}/api/traces/${traceId}`)).json()) as {
          data?: { processes: Record<string, { serviceName: string }> }[];
        };
        const services = Object.values(answer.data?.[0]?.processes ?? {}).map((p) => p.serviceName);
        expect(services).toContain('crm-sync');
      },
      { timeout: 30_000, interval: 1_000 },
    );
  }, 60_000);

  for (const name of scenarios) {
    it(`${name}: its thresholds hold, its faults are gone afterwards, a JSON summary is written`, async () => {
      await settled();
      const { code, stdout, stderr } = await load(name, '--quiet');
      expect(code, `${stdout}\n${stderr}`).toBe(0);
      const summary = JSON.parse(readFileSync(summaryFile(stderr), 'utf8')) as {
        metrics: Record<string, { thresholds?: Record<string, boolean> }>;
      };
      const thresholds = Object.values(summary.metrics).flatMap((m) => Object.values(m.thresholds ?? {}));
      expect(thresholds.length).toBeGreaterThan(0);
      // --summary-export marks a threshold true when it was crossed (failed).
      expect(thresholds.every((crossed) => crossed === false)).toBe(true);
      // teardown() removed every toxic and every mock fault the run added.
      const proxies = (await (await fetch(`http://${t.host}:${t.toxiproxy.apiPort}/proxies`)).json()) as Record<
        string,
        { enabled: boolean; toxics: unknown[] }
      >;
      expect(Object.values(proxies).every((p) => p.enabled && p.toxics.length === 0)).toBe(true);
      for (const mock of ['mock-genesys', 'mock-crm', 'mock-notifier']) {
        const faults = (await (await fetch(`${serviceUrl(mock, t)}/__admin/faults`)).json()) as { faults: unknown[] };
        expect(faults.faults, mock).toEqual([]);
      }
    }, 240_000);
  }

  it('crm-down against a naive crm-sync: k6 exits 99, the fallback and no-failure hypotheses crossed', async () => {
    await settled();
    // A second crm-sync on a port of its own, without the patterns; the scenario finds it by CRM_SYNC_URL.
    const naive = await lab!.startService('crm-sync', {
      instance: 'crm-sync-naive',
      env: { RESILIENCE_MODE: 'naive' },
    });
    try {
      const { code, stdout, stderr } = await loadWith({ CRM_SYNC_URL: naive.url }, 'crm-down', '--quiet');
      expect(code, `${stdout}\n${stderr}`).toBe(99);
      const summary = JSON.parse(readFileSync(summaryFile(stderr), 'utf8')) as {
        metrics: Record<string, { thresholds?: Record<string, boolean> }>;
      };
      const crossed = Object.entries(summary.metrics)
        .filter(([, m]) => Object.values(m.thresholds ?? {}).some(Boolean))
        .map(([name]) => name);
      expect(crossed).toEqual(expect.arrayContaining(['data_action_fallbacks', 'http_req_failed{call:data-action}']));
    } finally {
      await naive.stop();
    }
  }, 120_000);
});
