import { type MockAdmin, mockAdmin, parsePrometheusText, sumOf } from '@lab/lab-client';
import type { RunningLab } from '@lab/lab-runner';
import { createRedis, whenReady } from '@lab/resilience';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentSearches,
  type CurrentSchedule,
  getJson,
  type PullsLast,
  pullEndedSince,
  startSchedulerLab,
  triggerPull,
} from './scheduler-lab.js';

// Two real scheduler processes sharing one Redis, against one slow mock-genesys: a pull round triggered on both at
// once runs once (the Redis lock), the other replica skips it.
let lab: RunningLab;
let admin: MockAdmin;
let redis: Redis;
let urls: string[] = [];
const searches = () => agentSearches(admin);

beforeAll(async () => {
  lab = await startSchedulerLab(2);
  admin = mockAdmin(lab.url('mock-genesys'));
  urls = [lab.app('scheduler').url, lab.app('scheduler-2').url];
  redis = createRedis(lab.redisUrl);
  await whenReady(redis);
  // Both replicas have ended their start-up pull (one of them may have skipped it).
  for (const url of urls) await pullEndedSince(url, 0);
});
afterAll(async () => {
  redis?.disconnect();
  await lab?.stop();
});

describe('two scheduler replicas sharing one Redis', () => {
  it('search the agent schedules once per pull round: the second replica skips with skipped_overlap', async () => {
    await admin.addFault({ type: 'slow', target: { family: 'workforcemanagement' }, delayMs: 1_500 });
    for (let round = 1; round <= 2; round++) {
      const searchesBefore = await searches();
      const since = Date.now();
      const triggered = await Promise.all(urls.map((url) => triggerPull(url)));
      expect(triggered.map((t) => t.status)).toEqual([202, 202]);

      const records = await Promise.all(urls.map((url) => pullEndedSince(url, since)));
      expect(records.map((r) => r.outcome).sort()).toEqual(['skipped_overlap', 'success']);
      expect(records.find((r) => r.outcome === 'skipped_overlap')?.guard).toBe('held-elsewhere');
      expect(records.find((r) => r.outcome === 'success')?.guard).toBe('redis');
      expect(await searches()).toBe(searchesBefore + 1);
      // Released by compare-and-delete at the end of the pull.
      expect(await redis.exists('scheduler:lock:wfm-schedules')).toBe(0);
    }

    const totals = await Promise.all(
      urls.map(async (url) => (await getJson<PullsLast>(`${url}/pulls/last`)).body.totals),
    );
    expect(totals.reduce((sum, t) => sum + (t.skipped_overlap ?? 0), 0)).toBeGreaterThanOrEqual(2);
    const metrics = await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()));
    const skipped = metrics.map((text) =>
      sumOf(parsePrometheusText(text), 'scheduler_pulls_total', { outcome: 'skipped_overlap' }),
    );
    expect(skipped.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    await admin.reset();
  });

  it("serve the same schedule: the replica that lost the lock serves the winner's, not its own older one", async () => {
    await admin.addFault({ type: 'slow', target: { family: 'workforcemanagement' }, delayMs: 500 });
    const since = Date.now();
    await Promise.all(urls.map((url) => triggerPull(url)));
    const records = await Promise.all(urls.map((url) => pullEndedSince(url, since)));
    expect(records.map((r) => r.outcome).sort()).toEqual(['skipped_overlap', 'success']);
    const served = await Promise.all(urls.map((url) => getJson<CurrentSchedule>(`${url}/schedules/current`)));
    expect(served.map((s) => s.status)).toEqual([200, 200]);
    const [first, second] = served.map((s) => s.body);
    expect(Date.parse(first?.pulledAt ?? '')).toBeGreaterThanOrEqual(since - 1_000);
    expect(second?.pulledAt).toBe(first?.pulledAt);
    expect(second?.stale).toBe(false);
    await admin.reset();
  });
});
