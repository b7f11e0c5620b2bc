import { mockAdmin, type RequestRecord } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';

// Three real crm-sync replicas sharing one Redis, under a steady load of Data Actions, with the CRM blackholed by
// Toxiproxy (requests reach the mock CRM, its answers never come back): the fleet's breaker sends at most one probe
// per half-open period, as the mock CRM's own request log shows, and every replica closes within 2 s of the probe
// that succeeds once the blackhole is gone.
const HALF_OPEN_MS = 800;
const REPLICAS = ['crm-sync', 'crm-sync-2', 'crm-sync-3'];
let lab: RunningLab;
let urls: string[] = [];

beforeAll(async () => {
  lab = await startLab({
    services: ['crm-sync'],
    env: {
      'crm-sync': {
        LOG_LEVEL: 'warn',
        RESILIENCE_OVERRIDES: JSON.stringify({
          crm: {
            timeoutMs: 300,
            retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
            breaker: { threshold: 3, halfOpenAfterMs: HALF_OPEN_MS, maxHalfOpenAfterMs: 1_600, halfOpenJitter: 0.2 },
            cache: { ttlMs: 0, staleIfErrorMs: 0 },
          },
        }),
      },
    },
  });
  for (const instance of REPLICAS.slice(1))
    await lab.startService('crm-sync', { instance, env: { REPLICA_ID: instance } });
  urls = REPLICAS.map((name) => lab.app(name).url);
}, 120_000);
afterAll(async () => {
  await lab?.stop();
});

async function breakerState(url: string): Promise<string> {
  const health = (await (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).json()) as {
    dependencies: { crm: { breaker: string } };
  };
  return health.dependencies.crm.breaker;
}

async function crmRequests(since: number): Promise<RequestRecord[]> {
  return (await mockAdmin(lab.url('mock-crm')).requests({ since })).filter((q) => q.route !== 'unmatched');
}

/** Two callers per replica, one Data Action after another, until stopped. */
function steadyLoad() {
  let running = true;
  let answered = 0;
  const caller = async (url: string, n: number) => {
    while (running) {
      await fetch(`${url}/api/v1/dataactions/customer-enrichment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: `c-${n}` }),
        signal: AbortSignal.timeout(5_000),
      })
        .then(async (r) => {
          await r.arrayBuffer();
          answered++;
        })
        .catch(() => {});
    }
  };
  const done = Promise.all(urls.flatMap((url, i) => [caller(url, i), caller(url, i + 10)]));
  return {
    answered: () => answered,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

describe('three crm-sync replicas, one breaker', () => {
  it('probe the blackholed CRM once per half-open period, and all close within 2 s of the probe that succeeds', async () => {
    const load = steadyLoad();
    try {
      await vi.waitFor(() => expect(load.answered()).toBeGreaterThan(10), { timeout: 10_000, interval: 50 });
      const proxy = await lab.toxiproxy!.client.get('crm-sync-to-crm');
      const toxic = await proxy.addToxic({
        name: 'crm-blackhole',
        type: 'timeout',
        stream: 'downstream',
        toxicity: 1,
        attributes: { timeout: 0 },
      });
      let blackholed = true;
      try {
        await vi.waitFor(
          async () => {
            const states = await Promise.all(urls.map(breakerState));
            expect(states.every((s) => s === 'isolated' || s === 'half-open')).toBe(true);
          },
          { timeout: 15_000, interval: 50 },
        );
        // The whole fleet is open: from here on, only probes may reach the CRM. Watch a few periods.
        const openSince = Date.now();
        await vi.waitFor(async () => expect((await crmRequests(openSince)).length).toBeGreaterThanOrEqual(3), {
          timeout: 15_000,
          interval: 100,
        });
        const whileOpen = await crmRequests(openSince);
        const gaps = whileOpen.slice(1).map((q, i) => q.at - (whileOpen[i]?.at ?? 0));
        // periods are at least HALF_OPEN_MS (jitter only lengthens them); 50 ms for the log's clock rounding
        for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(HALF_OPEN_MS - 50);
        expect(new Set(whileOpen.map((q) => q.status))).toEqual(new Set([200]));

        const restoredAt = Date.now();
        await toxic.remove();
        blackholed = false;
        const probe = await vi.waitFor(
          async () => {
            const ok = (await crmRequests(restoredAt))[0];
            if (!ok) throw new Error('no probe yet');
            return ok;
          },
          { timeout: 10_000, interval: 20 },
        );
        const closedAt = await Promise.all(
          urls.map((url) =>
            vi.waitFor(
              async () => {
                expect(await breakerState(url)).toBe('closed');
                return Date.now();
              },
              { timeout: 5_000, interval: 20 },
            ),
          ),
        );
        for (const at of closedAt) expect(at - probe.at).toBeLessThan(2_000);
        // only one request reached the CRM between the blackhole's end and the probe
        const beforeProbe = (await crmRequests(restoredAt)).filter((q) => q.at < probe.at);
        expect(beforeProbe).toEqual([]);
      } finally {
        if (blackholed) await toxic.remove().catch(() => {});
      }
    } finally {
      await load.stop();
    }
  });
});
