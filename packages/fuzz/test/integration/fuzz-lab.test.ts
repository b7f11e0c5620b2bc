import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp as buildExporter } from '@lab/analytics-exporter/dist/app.js';
import { exporterConfigSchema } from '@lab/analytics-exporter/dist/config.js';
import { buildApp as buildCrmSync } from '@lab/crm-sync/dist/app.js';
import { crmSyncConfigSchema } from '@lab/crm-sync/dist/config.js';
import type { RouteEntry } from '@lab/http-edge';
import { routesOf } from '@lab/http-edge';
import { type RunningLab, startLab } from '@lab/lab-runner';
import { buildApp as buildCrm, loadConfig as crmConfig } from '@lab/mock-crm';
import { buildApp as buildGenesys, loadConfig as genesysConfig } from '@lab/mock-genesys';
import { buildApp as buildNotifier, loadConfig as notifierConfig } from '@lab/mock-notifier';
import { buildApp as buildScheduler } from '@lab/scheduler/dist/app.js';
import { schedulerConfigSchema } from '@lab/scheduler/dist/config.js';
import { loadConfig, type ServiceParts } from '@lab/service-kit';
import { buildApp as buildWebhooks } from '@lab/webhook-processor/dist/app.js';
import { webhookProcessorConfigSchema } from '@lab/webhook-processor/dist/config.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ShapeKind } from '../../src/error-shape.js';
import { type FuzzStats, type FuzzTarget, fuzzSettings, fuzzTarget } from '../../src/fuzz-run.js';
import { httpTo } from '../../src/http-send.js';
import { FUZZ_ADMIN_TOKEN, mockTarget } from '../../src/mock-targets.js';

// The real-process pass: the whole lab but Jaeger and Prometheus, each app fuzzed over HTTP with the routes its
// own code registers; then: no process died, each still answers /healthz, RSS grew by less than the bound, and
// a body that never finishes is cut off by every server within HTTP_REQUEST_TIMEOUT_MS (2 s here).
const settings = fuzzSettings(process.env, 100);
const RSS_GROWTH_LIMIT_MB = Number(process.env.FUZZ_RSS_GROWTH_MB ?? 150);
const REQUEST_TIMEOUT_MS = 2_000;
const SERVICES = ['crm-sync', 'webhook-processor', 'analytics-exporter', 'scheduler'] as const;
const MOCKS = ['mock-genesys', 'mock-crm', 'mock-notifier'] as const;
const APPS = [...MOCKS, ...SERVICES];
const timeouts = {
  HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  HTTP_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
};

let lab: RunningLab;
const rssMb = (name: string) => {
  const status = readFileSync(`/proc/${lab.process(name).pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1_024;
};

/** Each app's routes, read from the app itself (built in-process and closed): a new route is fuzzed at once. */
async function routesOfEveryApp(): Promise<Record<string, readonly RouteEntry[]>> {
  const serviceEnv = {
    SERVICE_PORT: '0',
    LOG_LEVEL: 'silent',
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    EXPORT_DIR: mkdtempSync(join(tmpdir(), 'fuzz-routes-')),
  };
  const services: [string, () => Promise<ServiceParts>][] = [
    ['crm-sync', () => buildCrmSync(loadConfig(crmSyncConfigSchema, serviceEnv))],
    ['webhook-processor', () => buildWebhooks(loadConfig(webhookProcessorConfigSchema, serviceEnv))],
    ['analytics-exporter', () => buildExporter(loadConfig(exporterConfigSchema, serviceEnv))],
    ['scheduler', () => buildScheduler(loadConfig(schedulerConfigSchema, serviceEnv))],
  ];
  const routes: Record<string, readonly RouteEntry[]> = {};
  for (const [name, build] of services) {
    const parts = await build();
    routes[name] = [...routesOf(parts.app)];
    await parts.app.close();
    await parts.ctx.close();
  }
  const mocks: [string, () => Promise<{ app: FastifyInstance }>][] = [
    ['mock-genesys', () => buildGenesys(genesysConfig({ MOCK_LOG_LEVEL: 'silent', MOCK_DATA_CONVERSATIONS: '10' }))],
    ['mock-crm', () => buildCrm(crmConfig({ CRM_LOG_LEVEL: 'silent' }))],
    ['mock-notifier', () => buildNotifier(notifierConfig({ NOTIFIER_LOG_LEVEL: 'silent' }))],
  ];
  for (const [name, build] of mocks) {
    const { app } = await build();
    routes[name] = [...routesOf(app)];
    await app.close();
  }
  return routes;
}

/** Writes headers and half a body, then nothing: resolves with the answer and when the server closed. */
function stallBody(url: string): Promise<{ answer: string; closedAfterMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        'POST /stalled HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":',
      ),
    );
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
  });
}

beforeAll(async () => {
  lab = await startLab({
    services: [...SERVICES],
    env: {
      'mock-genesys': {
        ...timeouts,
        MOCK_LOG_LEVEL: 'warn',
        MOCK_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN,
        MOCK_TOKEN_RATE_LIMIT: '1000000',
        MOCK_ORG_RATE_LIMIT: '1000000',
      },
      'mock-crm': { ...timeouts, CRM_LOG_LEVEL: 'warn', CRM_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN },
      'mock-notifier': { ...timeouts, NOTIFIER_LOG_LEVEL: 'warn', NOTIFIER_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN },
      ...Object.fromEntries(SERVICES.map((s) => [s, { ...timeouts, LOG_LEVEL: 'warn' }])),
    },
  });
  // The scheduler serves schedules once its first pull is in: wait for it, so its 503-before-any-pull (an
  // outage answer, documented) is not what the fuzz sees.
  await vi.waitFor(async () => expect((await fetch(`${lab.url('scheduler')}/schedules/current`)).status).toBe(200), {
    timeout: 30_000,
    interval: 250,
  });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

describe(`fuzz against the real processes, ${settings.numRuns} requests per app (seed ${settings.seed})`, () => {
  it('no 5xx, every 4xx in its shape, no process died, RSS bounded', async () => {
    const routes = await routesOfEveryApp();
    const baseline = Object.fromEntries(APPS.map((name) => [name, rssMb(name)]));
    const peak = { ...baseline };
    const pids = Object.fromEntries(APPS.map((name) => [name, lab.process(name).pid]));
    const genesys = lab.url('mock-genesys');
    const state = (await (
      await fetch(`${genesys}/__admin/state`, { headers: { 'x-mock-admin-token': FUZZ_ADMIN_TOKEN } })
    ).json()) as { data: { businessUnitIds: string[] } };
    const results: FuzzStats[] = [];
    for (const name of APPS) {
      const send = httpTo(lab.url(name));
      const kind: ShapeKind = name === 'mock-genesys' ? 'genesys' : name.startsWith('mock-') ? 'mock' : 'service';
      const target: FuzzTarget =
        kind === 'service'
          ? {
              name,
              kind,
              send,
              vocabulary: {
                routes: routes[name] ?? [],
                knownIds: ['c-1', 'cust_42', ...state.data.businessUnitIds],
                webhookSecret: 'lab-webhook-secret',
                bodyLimit: 256 * 1024,
              },
            }
          : await mockTarget({
              name,
              kind,
              routes: routes[name] ?? [],
              send,
              bodyLimit: 1_048_576,
              knownIds: ['c-1', ...state.data.businessUnitIds],
            });
      const stats = await fuzzTarget(target, settings);
      send.close();
      for (const app of APPS) peak[app] = Math.max(peak[app] ?? 0, rssMb(app));
      results.push(stats);
      console.log(JSON.stringify(stats));
    }
    const growth = Object.fromEntries(
      APPS.map((name) => [name, Math.round((peak[name] ?? 0) - (baseline[name] ?? 0))]),
    );
    console.log(
      `fuzz: ${results.reduce((n, s) => n + s.requests, 0)} requests; RSS MB baseline ${JSON.stringify(
        Object.fromEntries(APPS.map((n) => [n, Math.round(baseline[n] ?? 0)])),
      )} growth ${JSON.stringify(growth)}`,
    );
    for (const stats of results) expect(stats.failure, stats.app).toBeUndefined();
    for (const name of APPS) {
      expect(lab.process(name).pid, `${name} was restarted`).toBe(pids[name]);
      expect((await fetch(`${lab.url(name)}/healthz`)).status, `${name} /healthz`).toBe(200);
      expect(growth[name], `${name} RSS growth (MB)`).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    }
  }, 600_000);

  it(`every server cuts off a body that never finishes within HTTP_REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms)`, async () => {
    const stalls = await Promise.all(APPS.map(async (name) => ({ name, ...(await stallBody(lab.url(name))) })));
    console.log(
      `stalled bodies closed after (ms): ${JSON.stringify(Object.fromEntries(stalls.map((s) => [s.name, s.closedAfterMs])))}`,
    );
    for (const { name, answer, closedAfterMs } of stalls) {
      expect(answer, name).toMatch(/^HTTP\/1\.1 408 /);
      // The bound, Node's 1 s check interval, and slack for a busy machine; without the timeout the socket would
      // stay open until the test's own time limit.
      expect(closedAfterMs, name).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000 + 5_000);
    }
  }, 60_000);
});
