import { type CallResult, RateLimitExceededError } from '@lab/resilience';
import { describe, expect, it } from 'vitest';
import { createSchedulePull } from './schedule-pull.js';
import { ScheduleStore } from './schedule-store.js';
import type { WfmSource } from './wfm-source.js';

const NOW = new Date('2026-11-04T10:00:00.000Z'); // a Wednesday
const BU = { id: 'bu-1', name: 'Support' };
const signal = new AbortController().signal;
const fresh = <T>(value: T): CallResult<T> => ({ value, source: 'fresh' });
const staleOf = <T>(value: T): CallResult<T> => ({
  value,
  source: 'stale',
  lastError: Object.assign(new Error('answered 503'), { status: 503 }),
});
const fallbackOf = <T>(value: T): CallResult<T> => ({
  value,
  source: 'fallback',
  lastError: new RateLimitExceededError('workforcemanagement', 5_000),
});

/** A WFM source whose answers each test sets; records the calls it got. */
function fakeSource() {
  const calls: string[] = [];
  const answers = {
    units: async (): Promise<CallResult<{ id: string; name: string }[]>> => fresh([BU]),
    week: async (weekId: string) => fresh([{ id: `sched-${weekId}`, weekDate: weekId }]),
    agents: async (version: string) =>
      fresh({ status: 'Complete', result: { agentSchedules: [{ user: { id: `u-${version}` }, shifts: [] }] } }),
    version: 'v1',
  };
  const source: WfmSource = {
    businessUnits: async () => {
      calls.push('units');
      return answers.units();
    },
    weekSchedules: async (id, weekId) => {
      calls.push(`week ${id} ${weekId}`);
      return answers.week(weekId);
    },
    agentSchedules: async (id, window) => {
      calls.push(`agents ${id} ${window.startDate}..${window.endDate}`);
      return answers.agents(answers.version);
    },
  };
  return { source, calls, answers };
}

function setup() {
  const fake = fakeSource();
  const store = new ScheduleStore();
  const pull = createSchedulePull({ source: fake.source, store, daysAhead: 7, now: () => NOW });
  return { ...fake, store, pull };
}

describe('a schedule pull', () => {
  it('asks for this week and the next days of each business unit, and stores them', async () => {
    const { pull, calls, store } = setup();
    await expect(pull(signal)).resolves.toEqual({ ok: true, businessUnits: 1, refreshed: 1 });
    expect(calls).toEqual([
      'units',
      'week bu-1 2026-11-02',
      'agents bu-1 2026-11-04T00:00:00.000Z..2026-11-11T00:00:00.000Z',
    ]);
    expect(store.current()).toEqual({
      stale: false,
      snapshot: expect.objectContaining({
        businessUnit: BU,
        weekId: '2026-11-02',
        schedules: [{ id: 'sched-2026-11-02', weekDate: '2026-11-02' }],
        agentSchedules: [{ user: { id: 'u-v1' }, shifts: [] }],
        pulledAt: NOW.toISOString(),
      }),
    });
    expect(store.servingStale()).toBe(false);
  });

  it('keeps the last good schedule, marked stale, when an answer comes from the stale cache', async () => {
    const { pull, store, answers } = setup();
    await pull(signal);
    answers.version = 'v2';
    answers.agents = async (version) =>
      staleOf({ status: 'Complete', result: { agentSchedules: [{ user: { id: `u-${version}` }, shifts: [] }] } });
    const summary = await pull(signal);
    expect(summary).toMatchObject({ ok: false, refreshed: 0, error: { reason: 'http-503' } });
    const served = store.current('bu-1');
    expect(served?.stale).toBe(true);
    expect(served?.snapshot.agentSchedules).toEqual([{ user: { id: 'u-v1' }, shifts: [] }]);
    expect(served?.lastError).toMatchObject({ reason: 'http-503' });
    expect(store.servingStale()).toBe(true);

    answers.agents = async (version) =>
      fresh({ status: 'Complete', result: { agentSchedules: [{ user: { id: `u-${version}` }, shifts: [] }] } });
    await expect(pull(signal)).resolves.toMatchObject({ ok: true, refreshed: 1 });
    expect(store.current()).toMatchObject({ stale: false, snapshot: { agentSchedules: [{ user: { id: 'u-v2' } }] } });
    expect(store.current()?.lastError).toBeUndefined();
  });

  it('keeps the last good schedule when a call fails outright, and everything when the listing does', async () => {
    const { pull, store, answers } = setup();
    await pull(signal);
    answers.week = async () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(pull(signal)).resolves.toMatchObject({ ok: false, error: { call: 'get_week_schedules' } });
    expect(store.current()).toMatchObject({ stale: true, lastError: { reason: 'connection' } });

    answers.units = async () => Promise.reject(Object.assign(new Error('answered 503'), { status: 503 }));
    await expect(pull(signal)).resolves.toMatchObject({ ok: false, businessUnits: 0, error: { reason: 'http-503' } });
    expect(store.current()).toMatchObject({ stale: true, lastError: { call: 'get_wfm_business_units' } });
  });

  it('still refreshes the units it knows when only the listing fails, but the pull is not ok', async () => {
    const { pull, store, answers } = setup();
    answers.units = async () => staleOf([BU]);
    await expect(pull(signal)).resolves.toMatchObject({
      ok: false,
      refreshed: 1,
      error: { call: 'get_wfm_business_units', reason: 'http-503' },
    });
    expect(store.current()).toMatchObject({ stale: false, snapshot: { businessUnit: BU } });
    // the listing's fallback (the units already known) answered because the org budget refused the call
    answers.units = async () => fallbackOf([BU]);
    await expect(pull(signal)).resolves.toMatchObject({ ok: false, refreshed: 1, error: { reason: 'rate-limited' } });
  });

  it('treats a search the platform has not completed as a failure', async () => {
    const { pull, store, answers } = setup();
    answers.agents = async () => fresh({ status: 'Processing', result: undefined as never });
    await expect(pull(signal)).resolves.toMatchObject({ ok: false, error: { reason: 'incomplete' } });
    expect(store.current()).toBeUndefined();
    expect(store.lastError()).toMatchObject({ call: 'search_agent_schedules' });
  });

  it('names a pull that ran out of time', async () => {
    const { pull, answers } = setup();
    const controller = new AbortController();
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    answers.units = async () => Promise.reject(new DOMException('aborted', 'AbortError'));
    await expect(pull(controller.signal)).resolves.toMatchObject({ ok: false, error: { reason: 'pull-timeout' } });
  });
});
