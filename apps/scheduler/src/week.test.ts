import { describe, expect, it } from 'vitest';
import { scheduleWindow, weekIdOf } from './week.js';

describe('weekIdOf', () => {
  it('is the Monday of the week, in UTC', () => {
    expect(weekIdOf(new Date('2026-11-02T00:00:00.000Z'))).toBe('2026-11-02'); // Monday, midnight
    expect(weekIdOf(new Date('2026-11-04T13:30:00.000Z'))).toBe('2026-11-02'); // Wednesday
    expect(weekIdOf(new Date('2026-11-07T23:59:59.999Z'))).toBe('2026-11-02'); // Saturday
  });

  it('puts Sunday in the week that started six days before', () => {
    expect(weekIdOf(new Date('2026-11-08T12:00:00.000Z'))).toBe('2026-11-02');
    expect(weekIdOf(new Date('2026-11-09T00:00:00.000Z'))).toBe('2026-11-09');
  });

  it('crosses month and year boundaries', () => {
    expect(weekIdOf(new Date('2027-01-01T08:00:00.000Z'))).toBe('2026-12-28'); // a Friday
    expect(weekIdOf(new Date('2026-03-01T08:00:00.000Z'))).toBe('2026-02-23'); // a Sunday
  });

  it('uses the UTC day, not the local one', () => {
    // 23:30 on Sunday UTC is Monday in UTC+1: still the week of the previous Monday.
    expect(weekIdOf(new Date('2026-11-08T23:30:00.000-00:00'))).toBe('2026-11-02');
    expect(weekIdOf(new Date('2026-11-09T00:30:00.000+01:00'))).toBe('2026-11-02');
  });
});

describe('scheduleWindow', () => {
  it('runs from today UTC midnight for the given number of days', () => {
    expect(scheduleWindow(new Date('2026-11-04T13:30:00.000Z'), 7)).toEqual({
      startDate: '2026-11-04T00:00:00.000Z',
      endDate: '2026-11-11T00:00:00.000Z',
    });
    expect(scheduleWindow(new Date('2026-12-31T23:59:00.000Z'), 1)).toEqual({
      startDate: '2026-12-31T00:00:00.000Z',
      endDate: '2027-01-01T00:00:00.000Z',
    });
  });
});
