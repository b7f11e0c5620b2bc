import { loadConfig } from '@lab/service-kit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type SchedulerApp } from './app.js';
import { schedulerConfigSchema } from './config.js';

// Genesys and Redis deliberately unreachable (port 1): every pull fails, the lock falls back to in-process, and
// the HTTP side must still answer. Serving a real schedule, stale or not, is proven against a real mock-genesys
// process in test/integration/scheduler.test.ts (the mock has no in-process export).
let scheduler: SchedulerApp;

beforeAll(async () => {
  const config = loadConfig(schedulerConfigSchema, {
    SERVICE_PORT: '0',
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { retry: { initialDelayMs: 1, maxDelayMs: 5 } } }),
  });
  scheduler = await buildApp(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await scheduler?.stopWork();
  await scheduler?.app.close();
  await scheduler?.ctx.close();
});

const get = (url: string) => scheduler.app.inject({ method: 'GET', url });
const lastPull = async () => (await get('/pulls/last')).json();

describe('scheduler HTTP', () => {
  it('answers 503 with a body while nothing was ever pulled', async () => {
    const res = await get('/schedules/current');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'no_schedule_yet', details: [] });
    expect(await lastPull()).toEqual({
      running: false,
      last: null,
      totals: { success: 0, failed: 0, skipped_overlap: 0 },
    });
  });

  it('names a bad query parameter', async () => {
    const res = await get('/schedules/current?businessUnitId=has%20spaces');
    expect(res.statusCode).toBe(400);
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['businessUnitId']);
  });

  it('starts a pull on POST /pulls, refuses a second while it runs, and records the failure', async () => {
    const first = await scheduler.app.inject({ method: 'POST', url: '/pulls' });
    const second = await scheduler.app.inject({ method: 'POST', url: '/pulls' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ started: true });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'pull_in_progress' });

    await vi.waitFor(async () => expect((await lastPull()).last?.outcome).toBe('failed'), { timeout: 10_000 });
    const { last, totals } = await lastPull();
    expect(last).toMatchObject({
      trigger: 'manual',
      guard: 'local', // Redis unreachable: in-process single flight only
      error: { call: 'get_wfm_business_units' },
    });
    expect(last.durationMs).toEqual(expect.any(Number));
    expect(totals).toEqual({ success: 0, failed: 1, skipped_overlap: 1 });

    const res = await get('/schedules/current');
    expect(res.statusCode).toBe(503);
    expect(res.json().lastError).toMatchObject({ call: 'get_wfm_business_units', reason: expect.any(String) });
  });

  it('serves the last good schedule, flagged stale with the error, once a pull failed after it', async () => {
    const snapshot = {
      businessUnit: { id: 'bu-1', name: 'Support' },
      weekId: '2026-11-02',
      window: { startDate: '2026-11-04T00:00:00.000Z', endDate: '2026-11-11T00:00:00.000Z' },
      schedules: [{ id: 's-1' }],
      agentSchedules: [{ user: { id: 'u-1' }, shifts: [] }],
      pulledAt: '2026-11-04T10:00:00.000Z',
    };
    scheduler.store.update(snapshot);
    const fresh = (await get('/schedules/current')).json();
    expect(fresh).toMatchObject({ businessUnitId: 'bu-1', weekId: '2026-11-02', stale: false });
    expect(fresh.lastError).toBeUndefined();

    await scheduler.job.run('manual');
    const stale = await get('/schedules/current?businessUnitId=bu-1');
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({
      businessUnitId: 'bu-1',
      schedules: [{ id: 's-1' }],
      agentSchedules: [{ user: { id: 'u-1' } }],
      pulledAt: '2026-11-04T10:00:00.000Z',
      stale: true,
      // The failing listing fell back to the units already known, so the unit's own call was tried, and failed.
      lastError: { call: 'get_week_schedules' },
    });
    const unknown = await get('/schedules/current?businessUnitId=bu-9');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'business_unit_not_found' });
  });

  it('shows the last pull and the stale flag in /healthz, and the scheduler metrics', async () => {
    const health = (await get('/healthz')).json();
    expect(health.scheduler).toMatchObject({ running: false, servingStale: true, lastPull: { outcome: 'failed' } });
    expect(health.dependencies.genesys.bulkhead).toMatchObject({ limit: 2 });

    const metrics = (await get('/metrics')).body;
    expect(metrics).toMatch(/^scheduler_pulls_total\{outcome="failed"\} 2$/m);
    expect(metrics).toMatch(/^scheduler_pulls_total\{outcome="skipped_overlap"\} 1$/m);
    expect(metrics).toMatch(/^scheduler_serving_stale 1$/m);
    expect(metrics).toMatch(/^scheduler_schedule_age_seconds\{business_unit="bu-1"\} \d+/m);
    expect(metrics).toMatch(/^scheduler_pull_duration_seconds_count\{outcome="failed"\} 2$/m);
  });
});
