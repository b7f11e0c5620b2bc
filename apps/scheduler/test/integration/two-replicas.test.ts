import { createRedis, whenReady } from '@lab/resilience';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_SEARCH_ROUTE,
  getJson,
  type PullsLast,
  pullEndedSince,
  type SchedulerLab,
  startSchedulerLab,
  triggerPull,
} from './scheduler-lab.js';

// Two real scheduler processes sharing one Redis, against one slow mock-genesys: a pull round triggered on both at
// once runs once (the Redis lock), the other replica skips it.
let lab: SchedulerLab;
let redis: Redis;

beforeAll(async () => {
  lab = await startSchedulerLab('replicas', 2);
  redis = createRedis(lab.redisUrl);
  await whenReady(redis);
  // Both replicas have ended their start-up pull (one of them may have skipped it).
  for (const scheduler of lab.schedulers) await pullEndedSince(scheduler.url, 0);
});
afterAll(async () => {
  redis?.disconnect();
  await lab?.stop();
});

describe('two scheduler replicas sharing one Redis', () => {
  it('search the agent schedules once per pull round: the second replica skips with skipped_overlap', async () => {
    await lab.admin('/__admin/faults', { type: 'slow', target: { family: 'workforcemanagement' }, delayMs: 1_500 });
    const urls = lab.schedulers.map((s) => s.url);
    for (let round = 1; round <= 2; round++) {
      const searchesBefore = await lab.mockCounter('mock_genesys_requests_total', AGENT_SEARCH_ROUTE);
      const since = Date.now();
      const triggered = await Promise.all(urls.map((url) => triggerPull(url)));
      expect(triggered.map((t) => t.status)).toEqual([202, 202]);

      const records = await Promise.all(urls.map((url) => pullEndedSince(url, since)));
      expect(records.map((r) => r.outcome).sort()).toEqual(['skipped_overlap', 'success']);
      expect(records.find((r) => r.outcome === 'skipped_overlap')?.guard).toBe('held-elsewhere');
      expect(records.find((r) => r.outcome === 'success')?.guard).toBe('redis');
      expect(await lab.mockCounter('mock_genesys_requests_total', AGENT_SEARCH_ROUTE)).toBe(searchesBefore + 1);
      // Released by compare-and-delete at the end of the pull.
      expect(await redis.exists('scheduler:lock:wfm-schedules')).toBe(0);
    }

    const totals = await Promise.all(
      urls.map(async (url) => (await getJson<PullsLast>(`${url}/pulls/last`)).body.totals),
    );
    expect(totals.reduce((sum, t) => sum + (t.skipped_overlap ?? 0), 0)).toBeGreaterThanOrEqual(2);
    const metrics = await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()));
    const skipped = metrics.map((text) =>
      Number(/^scheduler_pulls_total\{outcome="skipped_overlap"\} (\d+)/m.exec(text)?.[1]),
    );
    expect(skipped.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
    await lab.admin('/__admin/reset', {});
  });
});
