import { randomUUID } from 'node:crypto';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';

// Issue 10's second proof: Redis frozen (SIGSTOP) for 10 s under a light load (5 connections on the Data Action,
// with a conversationId so that its lookup takes the Genesys rate budget from Redis, and 5 on the webhook intake).
// A frozen Redis must be a dead one: no Data Action later than its 3 s window, no request waiting on Redis longer
// than the configured command deadline, and recovery after SIGCONT without restarting anything.
const SECRET = 'freeze-test-secret';
const REDIS_DEADLINE_MS = 400;
const WINDOW_MS = 3_000;
const FREEZE_MS = 10_000;
const CONNECTIONS = 5;
/** Scheduling noise on a shared 2-core machine, on top of the healthy worst case and the Redis deadline. */
const NOISE_MS = 250;
let lab: RunningLab;

beforeAll(async () => {
  const redisEnv = { REDIS_COMMAND_TIMEOUT_MS: String(REDIS_DEADLINE_MS), LOG_LEVEL: 'warn' };
  lab = await startLab({
    services: ['crm-sync', 'webhook-processor'],
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn' },
      'mock-notifier': { NOTIFIER_LOG_LEVEL: 'warn' },
      'crm-sync': redisEnv,
      'webhook-processor': { ...redisEnv, WEBHOOK_SECRET: SECRET, NOTIFICATIONS_ENABLED: 'false' },
    },
  });
}, 120_000);
afterAll(async () => {
  await lab?.stop();
});

type Phase = 'warm-up' | 'before' | 'frozen' | 'after';
interface Sample {
  phase: Phase;
  ms: number;
  status: number;
}

describe('Redis frozen (SIGSTOP) under load', () => {
  it('keeps every Data Action within its window and every Redis wait within the deadline, and recovers', async () => {
    const redis = lab.process('redis');
    const samples: Record<'action' | 'webhook', Sample[]> = { action: [], webhook: [] };
    let phase: Phase = 'warm-up';
    let running = true;
    const timed = async (kind: 'action' | 'webhook', send: () => Promise<Response>) => {
      const startedIn = phase;
      const started = performance.now();
      const response = await send();
      await response.arrayBuffer();
      samples[kind].push({ phase: startedIn, ms: performance.now() - started, status: response.status });
    };
    const action = () =>
      timed('action', () =>
        fetch(`${lab.url('crm-sync')}/api/v1/dataactions/customer-enrichment`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ contactId: `c${Math.floor(Math.random() * 200)}`, conversationId: randomUUID() }),
          signal: AbortSignal.timeout(30_000),
        }),
      );
    const webhook = () => {
      const body = JSON.stringify({ eventId: randomUUID(), topic: 'test.freeze', payload: {} });
      return timed('webhook', () =>
        fetch(`${lab.url('webhook-processor')}/webhooks/genesys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, SECRET) },
          body,
          signal: AbortSignal.timeout(30_000),
        }),
      );
    };
    const loop = async (one: () => Promise<void>) => {
      while (running) await one();
    };
    const load = [
      ...Array.from({ length: CONNECTIONS }, () => loop(action)),
      ...Array.from({ length: CONNECTIONS }, () => loop(webhook)),
    ];
    const count = (kind: 'action' | 'webhook', p: Phase, status?: number) =>
      samples[kind].filter((s) => s.phase === p && (status === undefined || s.status === status)).length;

    try {
      // Warm-up (connections, JIT, first tokens), then the healthy worst case to compare the freeze with.
      await vi.waitFor(() => expect(samples.action.length + samples.webhook.length).toBeGreaterThanOrEqual(40), {
        timeout: 20_000,
        interval: 50,
      });
      phase = 'before';
      await vi.waitFor(() => expect(count('webhook', 'before', 202)).toBeGreaterThanOrEqual(50), {
        timeout: 20_000,
        interval: 50,
      });
      await vi.waitFor(() => expect(count('action', 'before', 200)).toBeGreaterThanOrEqual(50), {
        timeout: 20_000,
        interval: 50,
      });
      phase = 'frozen';
      process.kill(redis.pid, 'SIGSTOP');
      const frozenAt = Date.now();
      // The freeze is the fault itself: it lasts its 10 s (while the load runs), whatever happens meanwhile.
      await vi.waitFor(() => expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(FREEZE_MS), {
        timeout: FREEZE_MS + 5_000,
        interval: 100,
      });
      process.kill(redis.pid, 'SIGCONT');
      phase = 'after';
      // Recovery, no restart: the intake accepts again and crm-sync counts its budget in Redis again.
      await vi.waitFor(() => expect(count('webhook', 'after', 202)).toBeGreaterThanOrEqual(20), {
        timeout: 20_000,
        interval: 50,
      });
      await vi.waitFor(
        async () => {
          const health = (await (await fetch(`${lab.url('crm-sync')}/healthz`)).json()) as {
            dependencies: { genesys: { rateLimit?: string } };
          };
          expect(health.dependencies.genesys.rateLimit).toBe('redis');
        },
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      running = false;
      try {
        process.kill(redis.pid, 'SIGCONT');
      } catch {}
      await Promise.all(load);
    }

    const max = (list: Sample[]) => Math.max(0, ...list.map((s) => s.ms));
    const of = (kind: 'action' | 'webhook', p: Phase) => samples[kind].filter((s) => s.phase === p);
    const report = (kind: 'action' | 'webhook') =>
      `${kind}: ${samples[kind].length} requests, max ${max(samples[kind]).toFixed(0)} ms, ` +
      `${samples[kind].filter((s) => s.ms > WINDOW_MS).length} above ${WINDOW_MS} ms; ` +
      `max before ${max(of(kind, 'before')).toFixed(0)} / frozen ${max(of(kind, 'frozen')).toFixed(0)} / ` +
      `after ${max(of(kind, 'after')).toFixed(0)} ms; frozen: ${of(kind, 'frozen').length} answered ` +
      `(${count(kind, 'frozen', 503)} 503)`;
    console.log(
      `(SIGSTOP ${FREEZE_MS} ms, Redis deadline ${REDIS_DEADLINE_MS} ms)\n  ${report('action')}\n  ${report('webhook')}`,
    );

    // Every Data Action answered 200 within its window, before, during and after the freeze.
    expect(samples.action.every((s) => s.status === 200)).toBe(true);
    expect(samples.action.filter((s) => s.ms > WINDOW_MS)).toEqual([]);
    // Traffic went on during the freeze (a hung caller would have held every connection).
    expect(of('action', 'frozen').length).toBeGreaterThan(CONNECTIONS * 5);
    expect(count('webhook', 'frozen', 503)).toBeGreaterThan(CONNECTIONS * 5);
    // No request waited on the frozen Redis longer than its deadline: nothing started during the freeze took more
    // than the healthy worst case plus the deadline (plus scheduling noise).
    for (const kind of ['action', 'webhook'] as const) {
      const bound = max(of(kind, 'before')) + REDIS_DEADLINE_MS + NOISE_MS;
      expect(max(of(kind, 'frozen')), `${kind} started while Redis was frozen`).toBeLessThanOrEqual(bound);
    }
    // A webhook the frozen Redis could not take was refused (503), never accepted and lost: no 5xx but 503.
    expect(samples.webhook.every((s) => s.status === 202 || s.status === 503)).toBe(true);
  }, 120_000);
});
