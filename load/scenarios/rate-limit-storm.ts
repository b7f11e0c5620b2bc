// rate-limit-storm: four services past the org budget: no 429 reaches a caller, the mock never answers an org-scope 429.
//
// All four services call Genesys at once, well past the org budget of each API family. The
// services share the budget through Redis and hold calls back: no 429 reaches a caller, and the mock never has to
// answer an org-scope 429 (its own counter, read at the end).
import { check } from 'k6';
import exec from 'k6/execution';
import { Rate } from 'k6/metrics';
import { lab, seconds } from '../lib/config.ts';
import { pooledContact } from '../lib/contacts.ts';
import { conversationIds, mockDataInterval } from '../lib/genesys-data.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { baseline } from '../lib/profiles.ts';
import { metricSum } from '../lib/service-metrics.ts';
import { dataAction, signedWebhook, startExport, triggerPull } from '../lib/services.ts';
import { noFailures } from '../lib/thresholds.ts';
import { tally, verifyAt } from '../lib/verify.ts';

const RUN = seconds(90, 15);
const RATE = Number(__ENV.RATE ?? 10);
const orgRateLimited = tally('mock_org_429s');
const genesysRequests = tally('mock_genesys_requests_during_storm');
const heldBack = new Rate('conversation_lookups_held_back');

export const options = {
  scenarios: {
    dataActions: baseline(RATE, 'dataActions', RUN, RUN),
    webhooks: baseline(Math.max(1, Math.round(RATE / 2)), 'webhooks', RUN, RUN),
    pulls: baseline(1, 'pulls', RUN, RUN),
    verify: verifyAt(RUN + 2),
  },
  thresholds: {
    ...noFailures('data-action'),
    ...noFailures('webhook'),
    'http_reqs{call:data-action,status:429}': ['count==0'],
    'http_reqs{call:webhook,status:429}': ['count==0'],
    mock_org_429s: ['count==0'],
    // The storm proves nothing unless it pushed past the budget: some lookups must have been held back.
    conversation_lookups_held_back: ['rate>0'],
  },
};

type Data = { snapshot: LabSnapshot; ids: string[]; org429sBefore: number; requestsBefore: number };

export function setup(): Data {
  const snapshot = requireLab(['crm-sync', 'webhook-processor', 'analytics-exporter', 'scheduler']);
  const ids = conversationIds(100);
  const interval = mockDataInterval();
  check(startExport(interval, 25).response, { 'export started': (r) => r.status === 202 || r.status === 429 });
  return {
    snapshot,
    ids,
    org429sBefore: metricSum(lab.mockGenesys, 'mock_genesys_rate_limited_total', { scope: 'org' }),
    requestsBefore: metricSum(lab.mockGenesys, 'mock_genesys_requests_total'),
  };
}

const pick = (ids: string[]) => ids[exec.scenario.iterationInTest % ids.length]!;

export function dataActions(data: Data) {
  const { answer } = dataAction(pooledContact(), pick(data.ids));
  heldBack.add(answer?.metadata.conversationLookup !== 'ok');
}

export function webhooks(data: Data) {
  signedWebhook({
    eventId: `storm-${exec.vu.idInTest}-${exec.scenario.iterationInTest}-${Date.now()}`,
    topic: 'v2.storm',
    conversationId: pick(data.ids),
  });
}

export function pulls() {
  triggerPull();
}

export function verify(data: Data) {
  orgRateLimited.add(
    metricSum(lab.mockGenesys, 'mock_genesys_rate_limited_total', { scope: 'org' }) - data.org429sBefore,
  );
  genesysRequests.add(metricSum(lab.mockGenesys, 'mock_genesys_requests_total') - data.requestsBefore);
}

export function teardown(data: Data) {
  cleanUp(data.snapshot);
}
