// maintenance-window: Genesys maintenance (503 + Retry-After, socket_closing): callers see no change, the WebSocket reconnects.
//
// The mock Genesys API goes into maintenance (503 + Retry-After on every route, socket_closing
// to every notification socket); callers see no difference inside the window, and afterwards the webhook
// processor's notification WebSocket has reconnected.
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { lab, seconds } from '../lib/config.ts';
import { pooledContact } from '../lib/contacts.ts';
import { conversationIds } from '../lib/genesys-data.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { addFault } from '../lib/mock-admin.ts';
import { at, baseline } from '../lib/profiles.ts';
import { metricSum } from '../lib/service-metrics.ts';
import { currentSchedule, dataAction, signedWebhook } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';
import { tally, verifyAt, waitUntil } from '../lib/verify.ts';

const RUN = seconds(150, 20);
const WINDOW = seconds(90, 6);
const START = seconds(20, 3);
const reconnected = tally('websocket_reconnected');
const maintenanceAnswers = tally('maintenance_503s_at_mock');

export const options = {
  // The scheduler's first schedule (30 s at most) and the notification socket's reconnect (45 s at most).
  setupTimeout: '90s',
  scenarios: {
    dataActions: baseline(10, 'dataActions', RUN, RUN),
    webhooks: baseline(2, 'webhooks', RUN, RUN),
    schedules: baseline(1, 'schedules', RUN, RUN),
    maintenance: at(START, 'startMaintenance'),
    verify: verifyAt(RUN),
  },
  thresholds: {
    ...dataActionWindow(2000),
    ...noFailures('data-action'),
    ...noFailures('webhook'),
    'checks{check:schedule served}': ['rate==1'],
    websocket_reconnected: ['count>=1'],
    maintenance_503s_at_mock: ['count>=1'],
  },
};

type Data = { snapshot: LabSnapshot; ids: string[]; reconnectsBefore: number; faultsBefore: number };

export function setup(): Data {
  const snapshot = requireLab(['crm-sync', 'webhook-processor', 'scheduler']);
  if (!waitUntil(() => currentSchedule().response.status === 200, 30))
    exec.test.abort('the scheduler never served a schedule');
  // The reconnect this run counts needs a socket to close: a processor still in its reconnect backoff (up to
  // RECONNECT_MAX_MS, 30 s, after an earlier run's outage) would connect after the window and count none.
  let socket = 'unknown';
  const connected = waitUntil(() => {
    const health = http.get(`${lab.webhookProcessor}/healthz`, { tags: { call: 'lab-check' } });
    socket = health.status === 200 ? String((health.json('websocket.state') as string | null) ?? 'unknown') : 'down';
    return socket === 'connected';
  }, 45);
  if (!connected)
    exec.test.abort(`the webhook processor's notification socket is not connected (state ${socket}) after 45 s`);
  return {
    snapshot,
    ids: conversationIds(50),
    reconnectsBefore: metricSum(lab.webhookProcessor, 'webhook_websocket_reconnects_total'),
    faultsBefore: metricSum(lab.mockGenesys, 'mock_genesys_faults_injected_total', { kind: 'maintenance' }),
  };
}

export function startMaintenance() {
  addFault('genesys', { type: 'maintenance', seconds: WINDOW, closeSockets: true });
}

const pick = (ids: string[]) => ids[exec.scenario.iterationInTest % ids.length]!;

export function dataActions(data: Data) {
  dataAction(pooledContact(), pick(data.ids));
}

export function webhooks(data: Data) {
  const { response } = signedWebhook({
    eventId: `maintenance-${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`,
    topic: 'v2.maintenance',
    conversationId: pick(data.ids),
  });
  check(response, { 'webhook accepted': (r) => r.status === 202 });
}

export function schedules() {
  check(currentSchedule().response, { 'schedule served': (r) => r.status === 200 });
}

export function verify(data: Data) {
  maintenanceAnswers.add(
    metricSum(lab.mockGenesys, 'mock_genesys_faults_injected_total', { kind: 'maintenance' }) - data.faultsBefore,
  );
  // The reconnect comes after the window, with the processor's backoff: wait for it, bounded.
  let reconnects = 0;
  waitUntil(() => {
    reconnects = metricSum(lab.webhookProcessor, 'webhook_websocket_reconnects_total') - data.reconnectsBefore;
    return reconnects >= 1;
  }, 60);
  reconnected.add(reconnects);
}

export function teardown(data: Data) {
  cleanUp(data.snapshot);
}
