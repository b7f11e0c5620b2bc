// smoke: one user touches every service once a second; everything answers, nothing falls back.
//
// One user touches every service once a second; everything answers, nothing falls back.
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { smoke } from '../lib/profiles.ts';
import { currentSchedule, dataAction, signedWebhook } from '../lib/services.ts';
import { allChecks, dataActionWindow, noFailures } from '../lib/thresholds.ts';

export const options = {
  scenarios: { smoke: smoke() },
  thresholds: { ...allChecks, ...dataActionWindow(1000), ...noFailures('data-action'), ...noFailures('webhook') },
};

export function setup(): LabSnapshot {
  return requireLab(['crm-sync', 'webhook-processor', 'scheduler', 'analytics-exporter']);
}

export default function () {
  const action = dataAction(`smoke-${exec.vu.idInTest}`);
  // The first request's trace id, so that a person (or a test) can find it in Jaeger.
  if (exec.scenario.iterationInTest === 0) console.log(`trace ${action.traceId}`);
  check(action.answer, { 'data action answers from the CRM': (a) => a?.isFallback === false });
  const webhook = signedWebhook({ eventId: `smoke-${Date.now()}-${exec.scenario.iterationInTest}`, topic: 'v2.smoke' });
  check(webhook.response, { 'webhook accepted': (r) => r.status === 202 });
  const { response } = currentSchedule();
  check(response, { 'scheduler answers': (r) => r.status === 200 || r.status === 503 });
  sleep(1);
}

export function teardown(snapshot: LabSnapshot) {
  cleanUp(snapshot);
}
