// crm-down: the CRM path is cut: every Data Action still answers, isFallback true, inside its window.
//
// The CRM path is cut (Toxiproxy disables crm-sync-to-crm); every Data Action still answers, inside its
// window, flagged isFallback: true, and none is an error.
import { check } from 'k6';
import { Rate } from 'k6/metrics';
import { freshContact, newRunId } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { baseline } from '../lib/profiles.ts';
import { dataAction } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';
import { setProxyEnabled } from '../lib/toxiproxy.ts';

const fallbacks = new Rate('data_action_fallbacks');
const RATE = Number(__ENV.RATE ?? 10);

export const options = {
  scenarios: { dataActions: baseline(RATE, 'default', 60, 10) },
  thresholds: { ...dataActionWindow(2500), ...noFailures('data-action'), data_action_fallbacks: ['rate==1'] },
};

export function setup() {
  const snapshot = requireLab(['crm-sync']);
  setProxyEnabled('crm-sync-to-crm', false);
  return { snapshot, runId: newRunId('crm-down') };
}

export default function (data: { runId: string }) {
  const { response, answer } = dataAction(freshContact(data.runId));
  check(response, { 'answered 200': (r) => r.status === 200 });
  fallbacks.add(answer?.isFallback === true);
}

export function teardown(data: { snapshot: LabSnapshot }) {
  cleanUp(data.snapshot);
}
