// baseline: a healthy lab under an open-model load: every answer fast, none a fallback.
//
// An open model (constant arrival rate) on the Data Action and the webhook intake; the answers a healthy
// lab gives, to compare every fault scenario against.
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { pooledContact } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { baseline } from '../lib/profiles.ts';
import { dataAction, signedWebhook } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';

const fallbacks = new Rate('data_action_fallbacks');
const RATE = Number(__ENV.RATE ?? 20);

export const options = {
  scenarios: {
    dataActions: baseline(RATE, 'dataActions'),
    webhooks: baseline(Math.max(1, Math.round(RATE / 4)), 'webhooks'),
  },
  thresholds: {
    ...dataActionWindow(500),
    ...noFailures('data-action'),
    ...noFailures('webhook'),
    data_action_fallbacks: ['rate==0'],
  },
};

export function setup(): LabSnapshot {
  return requireLab(['crm-sync', 'webhook-processor']);
}

export function dataActions() {
  const { answer } = dataAction(pooledContact());
  fallbacks.add(answer?.isFallback !== false);
}

export function webhooks() {
  const { response } = signedWebhook({
    eventId: `baseline-${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`,
    topic: 'v2.baseline',
  });
  check(response, { 'webhook accepted': (r) => r.status === 202 });
}

export function teardown(snapshot: LabSnapshot) {
  cleanUp(snapshot);
}
