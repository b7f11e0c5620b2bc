import { type RunningLab, startLab } from '@lab/lab-runner';
import { signWebhook } from '../../src/signature.js';

export const SECRET = 'integration-secret';

export interface Deliveries {
  total: number;
  unique: number;
  duplicates: number;
  /** Deliveries that caused an effect (not a repeat of an Idempotency-Key). */
  effects: number;
  duplicateEffects: number;
  byEventId?: Record<string, number>;
  effectsByEventId?: Record<string, number>;
}

/**
 * The processor's part of the lab on free ports: Redis, mock-genesys and mock-notifier behind Toxiproxy. The test
 * starts each processor (`lab.startService('webhook-processor', {env})`) once its faults are set.
 */
export function startWebhookLab(mockEnv: Record<string, string> = {}): Promise<RunningLab> {
  return startLab({
    onDemand: ['webhook-processor'],
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn', MOCK_DATA_CONVERSATIONS: '200', ...mockEnv },
      'mock-notifier': { NOTIFIER_LOG_LEVEL: 'warn' },
      'webhook-processor': { WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info', WORKER_BLOCK_MS: '200' },
    },
  });
}

/** What the notifier has received (GET /__admin/deliveries), optionally counted per event id. */
export async function deliveries(lab: RunningLab, byEventId = false): Promise<Deliveries> {
  const url = `${lab.url('mock-notifier')}/__admin/deliveries${byEventId ? '?byEventId=true' : ''}`;
  return (await (await fetch(url, { signal: AbortSignal.timeout(5_000) })).json()) as Deliveries;
}

/** POSTs a signed webhook (or one signed with `secret`) to a processor. */
export function sendWebhook(baseUrl: string, event: Record<string, unknown>, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1_000));
  return fetch(`${baseUrl}/webhooks/genesys`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-timestamp': ts,
      'x-signature': `sha256=${signWebhook(secret, ts, body)}`,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

/** What the tests read from the processor's /healthz. */
export interface Health {
  websocket: { state: string; channelId?: string; topics: number; reconnects: number };
  worker: { state: string; inFlight: number };
  queue: { depth?: number; pending?: number; deadLetters?: number };
}

/** The processor's /healthz. */
export async function health(baseUrl: string): Promise<Health> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()) as Health;
}
