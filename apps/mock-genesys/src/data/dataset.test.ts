import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { generateDataset } from './dataset.js';
import { agentShifts } from './schedules.js';

const PINNED = { MOCK_DATA_START: '2026-11-01T00:00:00.000Z' };
const settings = (env: Record<string, string> = {}) =>
  loadConfig({ MOCK_DATA_CONVERSATIONS: '200', MOCK_DATA_USERS: '20', MOCK_DATA_QUEUES: '5', ...PINNED, ...env });
const DAY = 86_400_000;

describe('seeded data set', () => {
  it('is the same for the same seed and different for another', () => {
    const a = generateDataset(settings());
    const b = generateDataset(settings());
    expect(JSON.stringify(b.conversations)).toBe(JSON.stringify(a.conversations));
    expect(b.users.map((u) => u.id)).toEqual(a.users.map((u) => u.id));
    const c = generateDataset(settings({ MOCK_SEED: '43' }));
    expect(c.conversations[0]?.conversationId).not.toBe(a.conversations[0]?.conversationId);
  });

  it('has the configured sizes, conversations inside the data window, and consistent references', () => {
    const data = generateDataset(settings({ MOCK_DATA_DAYS: '3' }));
    expect(data.conversations).toHaveLength(200);
    expect(data.queues).toHaveLength(5);
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (const c of data.conversations) {
      const t = Date.parse(c.conversationStart);
      expect(t >= start && t < start + 3 * 86_400_000).toBe(true);
      expect(Date.parse(c.conversationEnd ?? '')).toBeGreaterThan(t);
      for (const p of c.participants) {
        if (p.userId) expect(data.usersById.has(p.userId)).toBe(true);
        for (const s of p.sessions)
          for (const seg of s.segments) if (seg.queueId) expect(data.queuesById.has(seg.queueId)).toBe(true);
      }
    }
  });

  it('by default covers the MOCK_DATA_DAYS whole UTC days before the day it starts, the same all that day', () => {
    const moving = loadConfig({ MOCK_DATA_CONVERSATIONS: '200', MOCK_DATA_USERS: '20', MOCK_DATA_QUEUES: '5' });
    const morning = Date.parse('2027-03-10T00:00:01.000Z');
    const night = Date.parse('2027-03-10T23:59:59.000Z');
    const a = generateDataset(moving, morning);
    expect(a.window).toEqual({
      start: Date.parse('2027-03-03T00:00:00.000Z'),
      end: Date.parse('2027-03-10T00:00:00Z'),
    });
    for (const c of a.conversations) {
      const t = Date.parse(c.conversationStart);
      expect(t >= a.window.start && t < a.window.end).toBe(true);
    }
    // Same seed, same day: the same data set; the next day: the window moves on by a day.
    expect(JSON.stringify(generateDataset(moving, night).conversations)).toBe(JSON.stringify(a.conversations));
    const next = generateDataset(moving, night + 2_000);
    expect(next.window.start).toBe(a.window.start + DAY);
    expect(next.conversations[0]?.conversationStart).not.toBe(a.conversations[0]?.conversationStart);
    // MOCK_DATA_START pins it whatever the day.
    expect(generateDataset(settings(), morning).window.start).toBe(Date.parse(PINNED.MOCK_DATA_START));
    expect(generateDataset(settings(), night + 30 * DAY).window.start).toBe(Date.parse(PINNED.MOCK_DATA_START));
  });

  it('gives an agent the same shifts for the same day however the range is cut', () => {
    const week = agentShifts(42, 'user-1', Date.parse('2026-11-09T00:00:00Z'), Date.parse('2026-11-16T00:00:00Z'));
    const tuesday = agentShifts(42, 'user-1', Date.parse('2026-11-10T00:00:00Z'), Date.parse('2026-11-11T00:00:00Z'));
    expect(week.length).toBeGreaterThan(0);
    expect(week.filter((s) => s.startDate.startsWith('2026-11-10'))).toEqual(tuesday);
    for (const shift of week) expect([0, 6]).not.toContain(new Date(shift.startDate).getUTCDay());
  });
});
