// recovery-herd: the CRM fails then recovers: one probe at a time while open, full success after.
//
// The CRM answers 503 to everything for a while, then recovers. While it is down the breaker lets
// at most one probe through at a time (the mock CRM's own request log shows no burst), and once it is back every
// Data Action is answered by the CRM again within the recovery bound.
import { check } from 'k6';
import { Rate } from 'k6/metrics';
import { seconds } from '../lib/config.ts';
import { freshContact, newRunId } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { addFault, removeFault, requests } from '../lib/mock-admin.ts';
import { at, baseline } from '../lib/profiles.ts';
import { dataAction } from '../lib/services.ts';
import { dataActionWindow, noFailures } from '../lib/thresholds.ts';
import { tally, verifyAt } from '../lib/verify.ts';

const OUTAGE = seconds(60, 12);
const RECOVERY_BOUND = seconds(30, 20);
const TAIL = seconds(15, 5);
const RUN = OUTAGE + RECOVERY_BOUND + TAIL;
/** The breaker needs a few failures to open; the burst check starts after this many seconds of outage. */
const OPENING_GRACE = seconds(5, 3);
const MAX_PER_SECOND_WHILE_OPEN = Number(__ENV.MAX_PROBES_PER_SECOND ?? 2);

const burst = tally('crm_requests_max_per_second_while_open');
const crmRequestsWhileOpen = tally('crm_requests_while_open');
const recovered = new Rate('data_action_from_crm_after_recovery');

export const options = {
  scenarios: {
    dataActions: baseline(Number(__ENV.RATE ?? 10), 'dataActions', RUN, RUN),
    restore: at(OUTAGE, 'restoreCrm'),
    verify: verifyAt(RUN),
  },
  thresholds: {
    ...dataActionWindow(2500),
    ...noFailures('data-action'),
    crm_requests_max_per_second_while_open: [`count<=${MAX_PER_SECOND_WHILE_OPEN}`],
    data_action_from_crm_after_recovery: ['rate==1'],
  },
};

type Data = { snapshot: LabSnapshot; runId: string; faultId: string; startedAt: number };

export function setup(): Data {
  const snapshot = requireLab(['crm-sync']);
  const fault = addFault('crm', { type: 'error-rate', rate: 1, status: 503 });
  return { snapshot, runId: newRunId('herd'), faultId: fault.id, startedAt: Date.now() };
}

export function restoreCrm(data: Data) {
  removeFault('crm', data.faultId);
}

export function dataActions(data: Data) {
  const { response, answer } = dataAction(freshContact(data.runId));
  check(response, { 'answered 200': (r) => r.status === 200 });
  const sinceStart = (Date.now() - data.startedAt) / 1000;
  if (sinceStart >= OUTAGE + RECOVERY_BOUND) recovered.add(answer?.isFallback === false);
}

export function verify(data: Data) {
  const openFrom = data.startedAt + OPENING_GRACE * 1000;
  const openUntil = data.startedAt + OUTAGE * 1000;
  const logged = requests('crm', { since: openFrom }).filter((r) => r.at < openUntil);
  const perSecond = new Map<number, number>();
  for (const r of logged) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
  burst.add(Math.max(0, ...perSecond.values()));
  crmRequestsWhileOpen.add(logged.length);
}

export function teardown(data: Data) {
  cleanUp(data.snapshot);
}
