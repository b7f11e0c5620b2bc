// soak: a steady light load for SOAK_MINUTES: no failures, no latency drift.
//
// A steady light load for SOAK_MINUTES (30 by default, 15 s in the short form); latency does not drift and
// nothing fails, which is where leaks and slow growth show.
import { check } from 'k6';
import exec from 'k6/execution';
import { Trend } from 'k6/metrics';
import { pooledContact } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { soak } from '../lib/profiles.ts';
import { dataAction, signedWebhook } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';

// The Data Action's latency in the last tenth of the run, against the whole run's: drift shows as a gap.
const lateLatency = new Trend('data_action_late_duration', true);
const RATE = Number(__ENV.RATE ?? 10);

export const options = {
  scenarios: { dataActions: soak(RATE, 'dataActions'), webhooks: soak(Math.max(1, Math.round(RATE / 5)), 'webhooks') },
  thresholds: {
    ...dataActionWindow(500),
    ...noFailures('data-action'),
    ...noFailures('webhook'),
    data_action_late_duration: ['p(95)<500'],
  },
};

export function setup(): LabSnapshot {
  return requireLab(['crm-sync', 'webhook-processor']);
}

export function dataActions() {
  const { response } = dataAction(pooledContact());
  if (exec.scenario.progress >= 0.9) lateLatency.add(response.timings.duration);
}

export function webhooks() {
  const { response } = signedWebhook({
    eventId: `soak-${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`,
    topic: 'v2.soak',
  });
  check(response, { 'webhook accepted': (r) => r.status === 202 });
}

export function teardown(snapshot: LabSnapshot) {
  cleanUp(snapshot);
}
