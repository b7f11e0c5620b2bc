import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekIdOf } from '../../src/week.js';
import {
  AGENT_SEARCH_ROUTE,
  type CurrentSchedule,
  getJson,
  pullEndedSince,
  type SchedulerLab,
  startSchedulerLab,
  triggerPull,
} from './scheduler-lab.js';

// One real scheduler process against a real mock-genesys process and a real Redis.
let lab: SchedulerLab;
let url = '';

beforeAll(async () => {
  lab = await startSchedulerLab('single', 1);
  url = lab.schedulers[0]?.url ?? '';
});
afterAll(async () => {
  await lab?.stop();
});

const current = (timeoutMs?: number) => getJson<CurrentSchedule>(`${url}/schedules/current`, timeoutMs);

describe('scheduler against a real mock-genesys', () => {
  it('pulls at start and serves the schedule of the business unit', async () => {
    const first = await pullEndedSince(url, 0);
    expect(first).toMatchObject({ outcome: 'success', guard: 'redis' });
    const state = (await lab.admin('/__admin/state')) as { data: { businessUnitIds: string[] } };
    const weekIds = [weekIdOf(new Date(Date.now() - 60_000)), weekIdOf(new Date())];

    const { status, body } = await current();
    expect(status).toBe(200);
    expect(body.businessUnitId).toBe(state.data.businessUnitIds[0]);
    expect(weekIds).toContain(body.weekId);
    expect(body.schedules.length).toBeGreaterThan(0);
    expect(body.schedules[0]?.weekDate).toBe(body.weekId);
    expect(body.agentSchedules).toHaveLength(20); // every user of the mock's data set
    expect(body.stale).toBe(false);
    expect(body.lastError).toBeUndefined();
    expect(await lab.mockCounter('mock_genesys_requests_total', AGENT_SEARCH_ROUTE)).toBe(1);
  });

  it('serves the previous schedule, stale, while WFM fails, and clears stale once it answers again', async () => {
    const before = await current();
    expect(before.body.stale).toBe(false);
    await lab.admin('/__admin/faults', {
      type: 'error-rate',
      target: { family: 'workforcemanagement' },
      rate: 1,
      status: 503,
    });

    const failingSince = Date.now();
    expect((await triggerPull(url)).status).toBe(202);
    const failed = await pullEndedSince(url, failingSince);
    expect(failed).toMatchObject({ outcome: 'failed', error: { reason: 'http-503' } });
    expect(await lab.mockCounter('mock_genesys_faults_injected_total', 'workforcemanagement')).toBeGreaterThan(0);

    // Answered from memory: well within a second, with the previous good schedule.
    const stale = await current(1_000);
    expect(stale.status).toBe(200);
    expect(stale.body).toMatchObject({ stale: true, lastError: { reason: 'http-503' } });
    expect(stale.body.pulledAt).toBe(before.body.pulledAt);
    expect(stale.body.schedules).toEqual(before.body.schedules);
    expect(stale.body.agentSchedules).toEqual(before.body.agentSchedules);
    expect((await getJson<{ scheduler: unknown }>(`${url}/healthz`)).body.scheduler).toMatchObject({
      servingStale: true,
      lastPull: { outcome: 'failed' },
    });
    const staleMetrics = await (await fetch(`${url}/metrics`)).text();
    expect(staleMetrics).toMatch(/^scheduler_serving_stale 1$/m);
    expect(staleMetrics).toMatch(/^scheduler_pulls_total\{outcome="failed"\} 1$/m);

    await lab.admin('/__admin/reset', {});
    const healthySince = Date.now();
    expect((await triggerPull(url)).status).toBe(202);
    expect(await pullEndedSince(url, healthySince)).toMatchObject({ outcome: 'success' });
    const recovered = await current();
    expect(recovered.body.stale).toBe(false);
    expect(recovered.body.lastError).toBeUndefined();
    expect(Date.parse(recovered.body.pulledAt)).toBeGreaterThan(Date.parse(before.body.pulledAt));
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^scheduler_serving_stale 0$/m);
  });
});
