// genesys-outage: every path to Genesys hangs or resets: callers see no change.
//
// Every service's path to Genesys fails (crm-sync's hangs: a timeout toxic; the webhook
// processor's and the scheduler's are reset), and what callers see does not change: Data Actions answer from the
// CRM inside their window, webhooks are accepted, the scheduler serves its last good schedule.
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { pooledContact } from '../lib/contacts.ts';
import { conversationIds } from '../lib/genesys-data.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { baseline } from '../lib/profiles.ts';
import { currentSchedule, dataAction, signedWebhook } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';
import { addToxic } from '../lib/toxiproxy.ts';
import { waitUntil } from '../lib/verify.ts';

const fallbacks = new Rate('data_action_fallbacks');
const scheduleServed = new Rate('schedule_served');

export const options = {
  scenarios: {
    dataActions: baseline(10, 'dataActions', 60, 10),
    webhooks: baseline(2, 'webhooks', 60, 10),
    schedules: baseline(2, 'schedules', 60, 10),
  },
  thresholds: {
    ...dataActionWindow(2000),
    ...noFailures('data-action'),
    ...noFailures('webhook'),
    data_action_fallbacks: ['rate==0'],
    schedule_served: ['rate==1'],
  },
};

export function setup() {
  const snapshot = requireLab(['crm-sync', 'webhook-processor', 'scheduler']);
  // The scheduler must have a schedule to fall back on before its path goes.
  if (!waitUntil(() => currentSchedule().response.status === 200, 30))
    exec.test.abort('the scheduler never served a schedule');
  const ids = conversationIds(50);
  addToxic('crm-sync-to-genesys', { name: 'k6-hang', type: 'timeout', attributes: { timeout: 0 } });
  for (const proxy of ['webhook-processor-to-genesys', 'scheduler-to-genesys', 'analytics-exporter-to-genesys']) {
    addToxic(proxy, { name: 'k6-reset', type: 'reset_peer', attributes: { timeout: 0 } });
  }
  return { snapshot, ids };
}

type Data = { snapshot: LabSnapshot; ids: string[] };
const pick = (ids: string[]) => ids[exec.scenario.iterationInTest % ids.length]!;

export function dataActions(data: Data) {
  const { answer } = dataAction(pooledContact(), pick(data.ids));
  fallbacks.add(answer?.isFallback !== false);
}

export function webhooks(data: Data) {
  const { response } = signedWebhook({
    eventId: `outage-${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`,
    topic: 'v2.outage',
    conversationId: pick(data.ids),
  });
  check(response, { 'webhook accepted': (r) => r.status === 202 });
}

export function schedules() {
  scheduleServed.add(currentSchedule().response.status === 200);
}

export function teardown(data: Data) {
  cleanUp(data.snapshot);
}
