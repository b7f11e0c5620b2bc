// latency-injection: latency ramps on the CRM path: every Data Action stays inside its 3 s window.
//
// Latency on crm-sync's CRM path ramps 100 -> 400 -> 1200 -> 2500 ms under a steady load;
// timeouts and the breaker keep every Data Action inside its 3 s window (slow answers become fallbacks).
import { Rate } from 'k6/metrics';
import { seconds } from '../lib/config.ts';
import { pooledContact } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { at, baseline } from '../lib/profiles.ts';
import { dataAction } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';
import { addToxic } from '../lib/toxiproxy.ts';

const RUN = seconds(120, 20);
const STEPS = [100, 400, 1200, 2500];
const fallbacks = new Rate('data_action_fallbacks');

export const options = {
  scenarios: {
    dataActions: baseline(Number(__ENV.RATE ?? 10), 'dataActions', RUN, RUN),
    ...Object.fromEntries(STEPS.map((_, i) => [`latency${i}`, at(((i + 1) * RUN) / (STEPS.length + 1), `step${i}`)])),
  },
  thresholds: { ...dataActionWindow(2500, 3000), ...noFailures('data-action') },
};

export function setup(): LabSnapshot {
  return requireLab(['crm-sync']);
}

export function dataActions() {
  const { answer } = dataAction(pooledContact());
  fallbacks.add(answer?.isFallback !== false);
}

function step(latency: number) {
  addToxic('crm-sync-to-crm', { name: 'k6-latency', type: 'latency', stream: 'downstream', attributes: { latency } });
}
export const step0 = () => step(STEPS[0]!);
export const step1 = () => step(STEPS[1]!);
export const step2 = () => step(STEPS[2]!);
export const step3 = () => step(STEPS[3]!);

export function teardown(snapshot: LabSnapshot) {
  cleanUp(snapshot);
}
