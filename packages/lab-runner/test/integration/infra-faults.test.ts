import { randomUUID } from 'node:crypto';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';
import { readSupervisionState } from '../../src/supervision-state.js';

// Issue 10's infrastructure proofs, on one supervised lab (crm-sync and webhook-processor with what they call,
// Jaeger and Prometheus), each under a light load: 5 connections on the Data Action (with a conversationId, so
// that its lookup takes the Genesys rate budget from Redis) and 5 on the webhook intake.
// 1. Redis frozen (SIGSTOP) for 10 s is a dead Redis: no Data Action later than its 3 s window, no request waiting
//    on Redis longer than the configured command deadline, recovery after SIGCONT without a restart.
// 2. Redis, Toxiproxy, Jaeger and Prometheus, each killed -9 from outside, come back by themselves within 5 s and
//    the services use them again without being restarted (Toxiproxy with its proxies).
const SECRET = 'infra-faults-secret';
const REDIS_DEADLINE_MS = 400;
const WINDOW_MS = 3_000;
const FREEZE_MS = 10_000;
const BACK_WITHIN_MS = 5_000;
const CONNECTIONS = 5;
/**
 * Scheduling noise on a shared 2-core machine (test client, services and tracing on the same cores), on top of the
 * healthy worst case and the Redis deadline. Without a deadline a request waits out the whole freeze (10 s).
 */
const NOISE_MS = 500;
let lab: RunningLab;

beforeAll(async () => {
  const common = { REDIS_COMMAND_TIMEOUT_MS: String(REDIS_DEADLINE_MS), LOG_LEVEL: 'warn' };
  lab = await startLab({
    services: ['crm-sync', 'webhook-processor'],
    jaeger: true,
    prometheus: true,
    supervise: true,
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn' },
      'mock-notifier': { NOTIFIER_LOG_LEVEL: 'warn' },
      'crm-sync': {
        ...common,
        // A CRM breaker opened while Toxiproxy is down probes again after 1 s instead of 10.
        RESILIENCE_OVERRIDES: JSON.stringify({
          crm: { breaker: { halfOpenAfterMs: 1_000, maxHalfOpenAfterMs: 1_000, halfOpenJitter: 0 } },
        }),
      },
      'webhook-processor': { ...common, WEBHOOK_SECRET: SECRET, NOTIFICATIONS_ENABLED: 'false' },
    },
  });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

type Kind = 'action' | 'webhook';
interface Sample {
  phase: string;
  ms: number;
  status: number;
}

interface DataActionAnswer {
  isFallback: boolean;
  metadata: { source: string };
}

function dataAction(contactId: string): Promise<Response> {
  return fetch(`${lab.url('crm-sync')}/api/v1/dataactions/customer-enrichment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contactId, conversationId: randomUUID() }),
    signal: AbortSignal.timeout(30_000),
  });
}

function webhook(): Promise<Response> {
  const body = JSON.stringify({ eventId: randomUUID(), topic: 'test.infra', payload: {} });
  return fetch(`${lab.url('webhook-processor')}/webhooks/genesys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, SECRET) },
    body,
    signal: AbortSignal.timeout(30_000),
  });
}

/** The light load, its latencies labelled with the phase each request started in. */
function startLoad() {
  const samples: Record<Kind, Sample[]> = { action: [], webhook: [] };
  const state = { phase: 'warm-up', running: true };
  const timed = async (kind: Kind, send: () => Promise<Response>) => {
    const phase = state.phase;
    const started = performance.now();
    const response = await send();
    await response.arrayBuffer();
    samples[kind].push({ phase, ms: performance.now() - started, status: response.status });
  };
  const loop = async (kind: Kind, send: () => Promise<Response>) => {
    while (state.running) await timed(kind, send);
  };
  const loops = [
    ...Array.from({ length: CONNECTIONS }, () =>
      loop('action', () => dataAction(`c${Math.floor(Math.random() * 200)}`)),
    ),
    ...Array.from({ length: CONNECTIONS }, () => loop('webhook', webhook)),
  ];
  return {
    samples,
    set phase(phase: string) {
      state.phase = phase;
    },
    of: (kind: Kind, phase: string, status?: number) =>
      samples[kind].filter((s) => s.phase === phase && (status === undefined || s.status === status)),
    stop: async () => {
      state.running = false;
      await Promise.all(loops);
    },
  };
}

const max = (list: Sample[]) => Math.max(0, ...list.map((s) => s.ms));
const waitLong = { timeout: 30_000, interval: 100 };

async function crmSyncHealth() {
  const response = await fetch(`${lab.url('crm-sync')}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as { dependencies: { genesys: { rateLimit?: string } } };
}

describe('Redis frozen (SIGSTOP) under load', () => {
  it('keeps every Data Action within its window and every Redis wait within the deadline, and recovers', async () => {
    const redis = lab.process('redis');
    const load = startLoad();
    try {
      // Warm-up (connections, JIT, first tokens), then the healthy worst case to compare the freeze with.
      await vi.waitFor(() => expect(load.samples.action.length + load.samples.webhook.length).toBeGreaterThan(40), {
        timeout: 20_000,
        interval: 50,
      });
      load.phase = 'before';
      await vi.waitFor(() => expect(load.of('webhook', 'before', 202).length).toBeGreaterThanOrEqual(50), waitLong);
      await vi.waitFor(() => expect(load.of('action', 'before', 200).length).toBeGreaterThanOrEqual(50), waitLong);
      load.phase = 'frozen';
      process.kill(redis.pid, 'SIGSTOP');
      const frozenAt = Date.now();
      // The freeze is the fault itself: it lasts its 10 s (while the load runs), whatever happens meanwhile.
      await vi.waitFor(() => expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(FREEZE_MS), {
        timeout: FREEZE_MS + 5_000,
        interval: 100,
      });
      process.kill(redis.pid, 'SIGCONT');
      load.phase = 'after';
      // Recovery, no restart: the intake accepts again and crm-sync counts its budget in Redis again.
      await vi.waitFor(() => expect(load.of('webhook', 'after', 202).length).toBeGreaterThanOrEqual(20), waitLong);
      await vi.waitFor(async () => expect((await crmSyncHealth()).dependencies.genesys.rateLimit).toBe('redis'), {
        ...waitLong,
      });
    } finally {
      try {
        process.kill(redis.pid, 'SIGCONT');
      } catch {}
      await load.stop();
    }

    const { samples, of } = load;
    const report = (kind: Kind) =>
      `${kind}: ${samples[kind].length} requests, max ${max(samples[kind]).toFixed(0)} ms, ` +
      `${samples[kind].filter((s) => s.ms > WINDOW_MS).length} above ${WINDOW_MS} ms; ` +
      `max before ${max(of(kind, 'before')).toFixed(0)} / frozen ${max(of(kind, 'frozen')).toFixed(0)} / ` +
      `after ${max(of(kind, 'after')).toFixed(0)} ms; frozen: ${of(kind, 'frozen').length} answered ` +
      `(${of(kind, 'frozen', 503).length} 503)`;
    console.log(
      `(SIGSTOP ${FREEZE_MS} ms, Redis deadline ${REDIS_DEADLINE_MS} ms)\n  ${report('action')}\n  ${report('webhook')}`,
    );

    // Every Data Action answered 200 within its window, before, during and after the freeze.
    expect(samples.action.every((s) => s.status === 200)).toBe(true);
    expect(samples.action.filter((s) => s.ms > WINDOW_MS)).toEqual([]);
    // Traffic went on during the freeze (a hung caller would have held every connection).
    expect(of('action', 'frozen').length).toBeGreaterThan(CONNECTIONS * 5);
    expect(of('webhook', 'frozen', 503).length).toBeGreaterThan(CONNECTIONS * 5);
    // No request waited on the frozen Redis longer than its deadline: nothing started during the freeze took more
    // than the healthy worst case plus the deadline (plus scheduling noise).
    for (const kind of ['action', 'webhook'] as const) {
      const bound = max(of(kind, 'before')) + REDIS_DEADLINE_MS + NOISE_MS;
      expect(max(of(kind, 'frozen')), `${kind} started while Redis was frozen`).toBeLessThanOrEqual(bound);
    }
    // A webhook the frozen Redis could not take was refused (503), never accepted and lost.
    expect(samples.webhook.every((s) => s.status === 202 || s.status === 503)).toBe(true);
    // SIGSTOP is not a death: the supervisor restarted nothing.
    expect(redis.restarts).toBe(0);
  }, 120_000);
});

describe('infrastructure processes killed -9 under load (supervised lab)', () => {
  /** What "the services use it again" means for each process, checked after the restart at `since` (epoch ms). */
  const recovered: Record<string, (since: number) => Promise<void>> = {
    // The intake accepts again; crm-sync counts its Genesys budget in Redis again.
    redis: async () => {
      await vi.waitFor(async () => expect((await webhook()).status).toBe(202), waitLong);
      await vi.waitFor(async () => expect((await crmSyncHealth()).dependencies.genesys.rateLimit).toBe('redis'), {
        ...waitLong,
      });
    },
    // Every proxy of the lab exists again, and a Data Action for a new contact is fresh from the CRM through it.
    toxiproxy: async () => {
      const api = `http://${lab.topology.host}:${lab.topology.toxiproxy.apiPort}`;
      const proxies = (await (await fetch(`${api}/proxies`)).json()) as Record<string, { enabled: boolean }>;
      expect(Object.keys(proxies).sort()).toEqual(lab.plan.proxies.map((p) => p.name).sort());
      expect(Object.values(proxies).every((p) => p.enabled)).toBe(true);
      await vi.waitFor(async () => {
        const answer = (await (await dataAction(`fresh-${randomUUID().slice(0, 8)}`)).json()) as DataActionAnswer;
        expect(answer).toMatchObject({ isFallback: false, metadata: { source: 'crm' } }); // fresh from the CRM
      }, waitLong);
    },
    // crm-sync's spans reach the new (in-memory, empty) Jaeger: its exporter carried on by itself.
    jaeger: async () => {
      const query = `http://${lab.topology.host}:${lab.topology.infra.jaeger.queryPort}/api/traces`;
      await vi.waitFor(async () => {
        const body = (await (await fetch(`${query}?service=crm-sync&lookback=5m&limit=1`)).json()) as {
          data: unknown[] | null;
        };
        expect(body.data?.length ?? 0).toBeGreaterThan(0);
      }, waitLong);
    },
    // Prometheus scrapes crm-sync again after its restart.
    prometheus: async (since) => {
      const api = `http://${lab.topology.host}:${lab.topology.infra.prometheus.port}/api/v1/query`;
      const query = encodeURIComponent('timestamp(up{job="crm-sync"} == 1)');
      await vi.waitFor(async () => {
        const body = (await (await fetch(`${api}?query=${query}`)).json()) as {
          data: { result: { value: [number, string] }[] };
        };
        expect(Number(body.data.result[0]?.value[1] ?? 0) * 1_000).toBeGreaterThan(since);
      }, waitLong);
    },
  };

  it('brings each back by itself within 5 s, and the services recover without a restart', async () => {
    const load = startLoad();
    const tookMs: Record<string, number> = {};
    const servicePids = ['crm-sync', 'webhook-processor'].map((name) => lab.process(name).pid);
    try {
      await vi.waitFor(() => expect(load.samples.action.length).toBeGreaterThan(20), waitLong);
      for (const name of Object.keys(recovered)) {
        load.phase = name;
        const proc = lab.process(name);
        const restartsBefore = proc.restarts;
        const back = proc.nextRestart();
        const killedAt = performance.now();
        process.kill(proc.pid, 'SIGKILL'); // from outside: a crash, not the handle's intentional kill()
        await Promise.race([
          back,
          new Promise((_resolve, reject) =>
            setTimeout(() => reject(new Error(`${name} did not come back within 30 s`)), 30_000).unref(),
          ),
        ]);
        tookMs[name] = Math.round(performance.now() - killedAt);
        expect(proc.restarts).toBe(restartsBefore + 1);
        await recovered[name]!(Date.now());
      }
    } finally {
      await load.stop();
    }
    console.log(`(kill -9, supervised) back after: ${JSON.stringify(tookMs)} ms`);
    for (const [name, ms] of Object.entries(tookMs)) expect(ms, `${name} back`).toBeLessThanOrEqual(BACK_WITHIN_MS);
    // The services were never restarted, and no Data Action failed or passed its window meanwhile.
    expect(['crm-sync', 'webhook-processor'].map((name) => lab.process(name).pid)).toEqual(servicePids);
    expect(load.samples.action.filter((s) => s.status !== 200 || s.ms > WINDOW_MS)).toEqual([]);
    // `lab status` reads the restarts from the state dir.
    const state = readSupervisionState(lab.stateDir);
    for (const name of Object.keys(recovered)) {
      expect(state?.processes.find((p) => p.name === name)?.restarts, name).toBeGreaterThanOrEqual(1);
    }
  }, 180_000);
});
