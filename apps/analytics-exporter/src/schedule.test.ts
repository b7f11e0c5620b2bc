import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TooManyExportsError } from './export-errors.js';
import type { ExportRequest } from './export-manager.js';
import { scheduledExportId, startSchedule } from './schedule.js';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-01T10:17:30Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A manager that knows the ids it accepted, refusing the first `refusals` submits as if the cap were reached. */
function manager(refusals = 0) {
  const accepted: ExportRequest[] = [];
  let refused = 0;
  return {
    accepted,
    has: (id: string) => accepted.some((r) => r.exportId === id),
    submit: async (request: ExportRequest) => {
      if (refused++ < refusals) throw new TooManyExportsError(2, 2);
      accepted.push(request);
      return {} as never;
    },
  };
}

describe('startSchedule', () => {
  it('exports each previous full window once, however many ticks fall in it', async () => {
    const m = manager();
    const stop = startSchedule({ seconds: 600, manager: m, logger: pino({ level: 'silent' }) });
    await vi.advanceTimersByTimeAsync(0);
    expect(m.accepted).toEqual([
      { exportId: 'scheduled-20261101T100000Z', interval: '2026-11-01T10:00:00.000Z/2026-11-01T10:10:00.000Z' },
    ]);
    await vi.advanceTimersByTimeAsync(600_000); // 10:27:30: the window 10:10-10:20
    await vi.advanceTimersByTimeAsync(600_000); // 10:37:30: 10:20-10:30
    expect(m.accepted.map((r) => r.exportId)).toEqual([
      'scheduled-20261101T100000Z',
      'scheduled-20261101T101000Z',
      'scheduled-20261101T102000Z',
    ]);
    stop();
    await vi.advanceTimersByTimeAsync(1_800_000);
    expect(m.accepted).toHaveLength(3);
  });

  it('tries a refused window again at the next tick, with the new one', async () => {
    const m = manager(1);
    const stop = startSchedule({ seconds: 3_600, manager: m, logger: pino({ level: 'silent' }) });
    await vi.advanceTimersByTimeAsync(0);
    expect(m.accepted).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(m.accepted.map((r) => r.interval)).toEqual([
      '2026-11-01T09:00:00.000Z/2026-11-01T10:00:00.000Z',
      '2026-11-01T10:00:00.000Z/2026-11-01T11:00:00.000Z',
    ]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(m.accepted).toHaveLength(3);
    stop();
  });

  it('names scheduled exports with a valid export id', () => {
    expect(scheduledExportId('2026-11-01T09:00:00.000Z/2026-11-01T10:00:00.000Z')).toBe('scheduled-20261101T090000Z');
  });
});
