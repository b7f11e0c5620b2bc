// spike: the arrival rate jumps tenfold: every Data Action inside its window, no server error.
//
// The Data Action's arrival rate jumps tenfold in two seconds; the bulkhead and the deadline keep every
// answer inside the 3 s window, and none is a server error.
import { Rate } from 'k6/metrics';
import { pooledContact } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { spike } from '../lib/profiles.ts';
import { dataAction } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';

const fallbacks = new Rate('data_action_fallbacks');
const RATE = Number(__ENV.RATE ?? 5);
const PEAK = Number(__ENV.PEAK ?? RATE * 10);

export const options = {
  scenarios: { spike: spike(RATE, PEAK) },
  thresholds: { ...dataActionWindow(1500), ...noFailures('data-action') },
};

export function setup(): LabSnapshot {
  return requireLab(['crm-sync']);
}

export default function () {
  const { answer } = dataAction(pooledContact());
  fallbacks.add(answer?.isFallback !== false);
}

export function teardown(snapshot: LabSnapshot) {
  cleanUp(snapshot);
}
