#!/usr/bin/env node
// Redis frozen (SIGSTOP) under a light load: 10 connections on the Data Action (with a conversationId, so the
// conversation lookup takes the Genesys rate budget from Redis) and 10 on the webhook intake. Prints, for each
// endpoint, requests, max latency, requests above 3 s, and throughput before / during / after the freeze.
//   npx turbo run build && node packages/lab-runner/bench/redis-freeze.mjs [freezeSeconds=10]
import { randomUUID } from 'node:crypto';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { startLab } from '@lab/lab-runner';

const FREEZE_S = Number(process.argv[2] ?? 10);
const BEFORE_S = 5;
const AFTER_S = 8;
const CONNECTIONS = 10;
const WINDOW_MS = 3_000;
const SECRET = 'freeze-bench-secret';

const lab = await startLab({
  services: ['crm-sync', 'webhook-processor'],
  env: {
    'mock-genesys': { MOCK_LOG_LEVEL: 'warn' },
    'mock-notifier': { NOTIFIER_LOG_LEVEL: 'warn' },
    'mock-crm': { CRM_LOG_LEVEL: 'warn' },
    'crm-sync': { LOG_LEVEL: 'warn' },
    'webhook-processor': { LOG_LEVEL: 'warn', WEBHOOK_SECRET: SECRET, NOTIFICATIONS_ENABLED: 'false' },
  },
});
const redis = lab.process('redis');
const samples = { dataAction: [], webhook: [] };
let phase = 'before';
let running = true;

async function timed(kind, send) {
  const started = performance.now();
  const startedIn = phase;
  let status = 0;
  try {
    const response = await send();
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    status = error.name === 'TimeoutError' ? -1 : -2;
  }
  samples[kind].push({ phase: startedIn, ms: performance.now() - started, status });
}

const dataAction = () =>
  timed('dataAction', () =>
    fetch(`${lab.url('crm-sync')}/api/v1/dataactions/customer-enrichment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId: `c${Math.floor(Math.random() * 500)}`, conversationId: randomUUID() }),
      signal: AbortSignal.timeout(30_000),
    }),
  );
const webhook = () => {
  const body = JSON.stringify({ eventId: randomUUID(), topic: 'bench.freeze', payload: { at: Date.now() } });
  return timed('webhook', () =>
    fetch(`${lab.url('webhook-processor')}/webhooks/genesys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, SECRET) },
      body,
      signal: AbortSignal.timeout(30_000),
    }),
  );
};
const loop = async (one) => {
  while (running) await one();
};
const loops = [
  ...Array.from({ length: CONNECTIONS }, () => loop(dataAction)),
  ...Array.from({ length: CONNECTIONS }, () => loop(webhook)),
];
const wait = (s) => new Promise((r) => setTimeout(r, s * 1_000));
try {
  await wait(BEFORE_S);
  phase = 'frozen';
  process.kill(redis.pid, 'SIGSTOP');
  await wait(FREEZE_S);
  process.kill(redis.pid, 'SIGCONT');
  phase = 'after';
  await wait(AFTER_S);
  running = false;
  await Promise.all(loops);
} finally {
  try {
    process.kill(redis.pid, 'SIGCONT');
  } catch {}
  await lab.stop();
}

const seconds = { before: BEFORE_S, frozen: FREEZE_S, after: AFTER_S };
for (const [kind, list] of Object.entries(samples)) {
  const max = Math.max(...list.map((s) => s.ms));
  const over = list.filter((s) => s.ms > WINDOW_MS).length;
  const statuses = {};
  for (const s of list) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
  const phases = Object.keys(seconds)
    .map((p) => {
      const of = list.filter((x) => x.phase === p);
      const top = Math.max(0, ...of.map((x) => x.ms));
      return `${p}: ${(of.length / seconds[p]).toFixed(1)}/s, max ${top.toFixed(0)} ms`;
    })
    .join('; ');
  console.log(
    `${kind}: ${list.length} requests, max ${max.toFixed(0)} ms, ${over} above ${WINDOW_MS} ms; ` +
      `statuses ${JSON.stringify(statuses)}; by start phase: ${phases}`,
  );
}
