// The four services' endpoints as a flow, a webhook sender, an exporter and a scheduler client would call them.
import crypto from 'k6/crypto';
import { lab, webhookSecret } from './config.ts';
import { getJson, jsonOf, postJson } from './http.ts';

export interface DataActionAnswer {
  customerName: string;
  customerTier: string;
  isFallback: boolean;
  lastActionType: string;
  metadata: { circuitState: string; source: string; conversationLookup?: string };
}

/** crm-sync's Data Action, as a Genesys flow calls it. */
export function dataAction(contactId: string, conversationId?: string) {
  const { response, traceId } = postJson(
    `${lab.crmSync}/api/v1/dataactions/customer-enrichment`,
    { contactId, ...(conversationId ? { conversationId } : {}) },
    { call: 'data-action', timeout: '10s' },
  );
  return { response, traceId, answer: jsonOf<DataActionAnswer>(response) };
}

export interface WebhookEvent {
  eventId: string;
  topic: string;
  conversationId?: string;
  payload?: Record<string, unknown>;
}

/** A webhook signed as the intake expects: sha256 HMAC of "<unix seconds>.<raw body>" with the shared secret. */
export function signedWebhook(event: WebhookEvent) {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.hmac('sha256', webhookSecret, `${timestamp}.${body}`, 'hex');
  return postJson(`${lab.webhookProcessor}/webhooks/genesys`, body, {
    call: 'webhook',
    headers: { 'x-timestamp': timestamp, 'x-signature': `sha256=${signature}` },
    // 202 accepted; 409 is a replay the intake refused on purpose; 503 + Retry-After is "send it again".
    expected: [202, 409],
  });
}

/** Starts an export of the interval: 202, or 429 too_many_exports when EXPORT_MAX_RUNNING run. */
export function startExport(interval: string, pageSize = 100, exportId?: string) {
  return postJson(
    `${lab.analyticsExporter}/exports`,
    { interval, pageSize, ...(exportId ? { exportId } : {}) },
    { call: 'export', expected: [202, 429] },
  );
}

export function exportState(exportId: string) {
  const { response } = getJson(`${lab.analyticsExporter}/exports/${exportId}`, { call: 'export-state' });
  return jsonOf<{ state: string; conversationsWritten: number; error?: unknown }>(response);
}

/** Asks the scheduler for a pull now: 202, or 409 when one is running in that process. */
export function triggerPull() {
  return postJson(`${lab.scheduler}/pulls`, {}, { call: 'pull', expected: [202, 409] });
}

/** The schedule the scheduler serves (from memory: it never waits on Genesys). */
export function currentSchedule() {
  const { response } = getJson(`${lab.scheduler}/schedules/current`, { call: 'schedule', expected: [200, 503] });
  return { response, schedule: jsonOf<{ stale: boolean; weekId: string }>(response) };
}
