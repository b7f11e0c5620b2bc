import { describe, expect, it } from 'vitest';
import { intervalSchema, previousWindow } from './interval.js';

describe('intervalSchema', () => {
  it('accepts start/end date-times and normalises them to UTC', () => {
    expect(intervalSchema.parse('2026-11-01T00:00:00Z/2026-11-08T00:00:00.000Z')).toBe(
      '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
    );
    expect(intervalSchema.parse('2026-11-01T02:00:00+02:00/2026-11-01T01:00:00Z')).toBe(
      '2026-11-01T00:00:00.000Z/2026-11-01T01:00:00.000Z',
    );
  });

  it('refuses what is not an interval, with a message naming the problem', () => {
    for (const bad of [
      '',
      '2026-11-01T00:00:00Z',
      '2026-11-01/2026-11-08',
      '2026-11-01T00:00:00Z/P7D',
      '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z/2026-11-03T00:00:00Z',
      'yesterday/today',
    ]) {
      const result = intervalSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toContain('ISO-8601');
    }
    expect(intervalSchema.safeParse(42).error?.issues[0]?.message).toContain('interval is required');
  });

  it('refuses an interval that ends before or when it starts', () => {
    for (const bad of ['2026-11-08T00:00:00Z/2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z/2026-11-01T00:00:00Z']) {
      expect(intervalSchema.safeParse(bad).error?.issues[0]?.message).toBe('the interval must end after it starts');
    }
  });
});

describe('previousWindow', () => {
  it('is the last full aligned window before now', () => {
    const now = Date.parse('2026-11-01T10:17:30Z');
    expect(previousWindow(now, 3_600)).toBe('2026-11-01T09:00:00.000Z/2026-11-01T10:00:00.000Z');
    expect(previousWindow(Date.parse('2026-11-01T10:00:00Z'), 3_600)).toBe(
      '2026-11-01T09:00:00.000Z/2026-11-01T10:00:00.000Z',
    );
  });
});
