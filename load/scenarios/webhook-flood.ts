// webhook-flood: a burst of signed webhooks: every accepted event delivered or dead-lettered, none lost.
//
// A burst of signed webhooks (FLOOD_EVENTS, 10 000 by default, 400 in the short form) as fast as
// 20 senders go. Every event the intake accepted is, once the queue drains, delivered to the notifier or
// dead-lettered: none is lost.
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { form, lab, seconds } from '../lib/config.ts';
import { newRunId } from '../lib/contacts.ts';
import { cleanUp, type LabSnapshot, requireLab } from '../lib/lab.ts';
import { metricSum } from '../lib/service-metrics.ts';
import { signedWebhook } from '../lib/services.ts';
import { noFailures } from '../lib/thresholds.ts';
import { tally, verifyAt, waitUntil } from '../lib/verify.ts';

const EVENTS = Number(__ENV.FLOOD_EVENTS ?? (form === 'short' ? 400 : 10_000));
const FLOOD_SECONDS = seconds(300, 15);
const lost = tally('events_lost');
const delivered = tally('events_delivered');
const deadLettered = tally('events_dead_lettered');

export const options = {
  scenarios: {
    flood: {
      executor: 'shared-iterations',
      vus: 20,
      iterations: EVENTS,
      maxDuration: `${FLOOD_SECONDS}s`,
      exec: 'flood',
    },
    verify: verifyAt(FLOOD_SECONDS),
  },
  thresholds: {
    // Every event accepted (202): a 503 would be "send it again", which this sender does not do.
    ...noFailures('webhook'),
    events_lost: ['count==0'],
    events_delivered: [`count>0`],
  },
};

type Data = { snapshot: LabSnapshot; runId: string; deadBefore: number };

export function setup(): Data {
  const snapshot = requireLab(['webhook-processor', 'mock-notifier']);
  return {
    snapshot,
    runId: newRunId('flood'),
    deadBefore: metricSum(lab.webhookProcessor, 'webhook_events_processed_total', { outcome: 'dead_lettered' }),
  };
}

export function flood(data: Data) {
  const { response } = signedWebhook({
    eventId: `${data.runId}-${exec.scenario.iterationInTest}`,
    topic: 'v2.flood',
    payload: { n: exec.scenario.iterationInTest },
  });
  check(response, { 'webhook accepted': (r) => r.status === 202 });
}

/** This run's events the notifier has, by the run id in their eventId. */
function deliveredOfRun(runId: string): number {
  const response = http.get(`${lab.mockNotifier}/__admin/deliveries?byEventId=true`, { tags: { call: 'mock-admin' } });
  const byEventId = (JSON.parse(response.body as string) as { byEventId: Record<string, number> }).byEventId;
  return Object.keys(byEventId).filter((id) => id.startsWith(`${runId}-`)).length;
}

export function verify(data: Data) {
  let done = 0;
  let dead = 0;
  waitUntil(
    () => {
      done = deliveredOfRun(data.runId);
      dead =
        metricSum(lab.webhookProcessor, 'webhook_events_processed_total', { outcome: 'dead_lettered' }) -
        data.deadBefore;
      return done + dead >= EVENTS;
    },
    120,
    1,
  );
  delivered.add(done);
  deadLettered.add(dead);
  lost.add(Math.max(0, EVENTS - done - dead));
}

export function teardown(data: Data) {
  cleanUp(data.snapshot);
}
