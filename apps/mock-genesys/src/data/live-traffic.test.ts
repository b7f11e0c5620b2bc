import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { testClock } from '../testing/harness.js';
import { generateDataset } from './dataset.js';
import { dailyCurve, type LiveChange, LiveTraffic } from './live-traffic.js';

const data = generateDataset(
  loadConfig({ MOCK_DATA_CONVERSATIONS: '10', MOCK_DATA_USERS: '20', MOCK_DATA_QUEUES: '4' }),
  Date.parse('2027-03-10T00:00:00Z'),
);
const START = Date.parse('2027-03-10T09:00:20.000Z');
const MINUTE = 60_000;
const traffic = (ratePerMinute: number, clock = testClock(START), seed = 42) => ({
  clock,
  live: new LiveTraffic(data, { seed, ratePerMinute, now: clock.now }),
});
const ids = (live: LiveTraffic) => live.conversations().map((c) => c.conversationId);

describe('live traffic', { timeout: 30_000 }, () => {
  it('is the same for the same seed however often it is looked at, and different for another seed', () => {
    const often = traffic(6);
    const once = traffic(6);
    for (let i = 0; i < 30 * 60; i++) {
      often.clock.advance(1_000);
      often.live.sync();
    }
    once.clock.advance(30 * 60_000);
    expect(ids(often.live).length).toBeGreaterThan(100);
    expect(ids(once.live)).toEqual(ids(often.live));
    expect(JSON.stringify(once.live.conversations())).toBe(JSON.stringify(often.live.conversations()));
    const other = traffic(6, testClock(START), 43);
    other.clock.advance(30 * 60_000);
    expect(ids(other.live)[0]).not.toBe(ids(once.live)[0]);
  });

  it('starts conversations at the configured rate, more in the afternoon than at night, none before it started', () => {
    const { clock, live } = traffic(2, testClock(Date.parse('2027-03-10T00:00:00Z')));
    const byHour = new Array<number>(24).fill(0);
    live.onChange((change) => {
      if (change.conversation.conversationStart === new Date(change.at).toISOString())
        byHour[new Date(change.at).getUTCHours()]! += 1;
    });
    clock.advance(86_400_000);
    const total = live.conversations().length;
    // 2 a minute on average over the day: 2 880, a Poisson count (sd about 54).
    expect(total).toBeGreaterThan(2_880 * 0.9);
    expect(total).toBeLessThan(2_880 * 1.1);
    expect(byHour.reduce((a, b) => a + b, 0)).toBe(total);
    const afternoon = byHour.slice(12, 16).reduce((a, b) => a + b, 0);
    const night = byHour.slice(0, 4).reduce((a, b) => a + b, 0);
    expect(afternoon).toBeGreaterThan(2 * night);
    expect(dailyCurve(Date.parse('2027-03-10T14:00:00Z'))).toBeCloseTo(1.6);
    expect(dailyCurve(Date.parse('2027-03-10T02:00:00Z'))).toBeCloseTo(0.4);
    expect(traffic(0).live.conversations()).toHaveLength(0);
  });

  it('fills in today before the start from midnight, or less at a high rate, and nothing earlier', () => {
    const early = traffic(1, testClock(Date.parse('2027-03-10T06:00:00Z')));
    expect(early.live.since).toBe(Date.parse('2027-03-10T00:00:00Z'));
    const evening = traffic(1, testClock(Date.parse('2027-03-10T20:00:00Z')));
    const morning = evening.live.conversations().filter((c) => c.conversationStart < '2027-03-10T12:00:00Z');
    // 15 h 37 min filled in (1 500 / 1.6 minutes), at 0.4 to 1.6 a minute.
    expect(evening.live.since).toBe(Date.parse('2027-03-10T20:00:00Z') - 937 * MINUTE);
    expect(morning.length).toBeGreaterThan(300);
    expect(morning.every((c) => c.conversationEnd !== undefined)).toBe(true); // over long ago
    // A high rate fills in only the last minutes: at most 1 500 conversations at the curve's peak.
    const busy = traffic(300);
    expect(busy.live.since).toBe(Date.parse('2027-03-10T08:57:00Z'));
    const filled = busy.live.conversations();
    expect(filled.length).toBeLessThanOrEqual(1_500);
    expect(Date.parse(filled[0]!.conversationStart)).toBeGreaterThanOrEqual(busy.live.since);
    expect(Date.parse(filled.at(-1)!.conversationStart)).toBeLessThanOrEqual(START);
  });

  it('shows a conversation as it is: nothing before it starts, open segments while it goes on, all of it once over', () => {
    const { clock, live } = traffic(30);
    const filledIn = live.version(); // the part of today before the start, without events
    const changes: LiveChange[] = [];
    live.onChange((change) => changes.push(change));
    clock.advance(2 * MINUTE);
    // One that started after the mock did (earlier ones were filled in and are long over).
    const first = live.conversations().find((c) => Date.parse(c.conversationStart) >= START)!;
    const id = first.conversationId;
    expect(live.get(id)).toBe(first);
    expect(first.conversationEnd).toBeUndefined();
    // Every conversation drawn is visible only from its start: none starts after now.
    for (const c of live.conversations()) expect(Date.parse(c.conversationStart)).toBeLessThanOrEqual(clock.now());
    const mine = () => changes.filter((c) => c.conversation.conversationId === id);
    expect(mine()[0]).toMatchObject({ phase: 'waiting', at: Date.parse(first.conversationStart) });
    const waiting = mine()[0]!.conversation;
    expect(waiting.participants.map((p) => p.purpose)).toEqual(['customer', 'acd']);
    for (const p of waiting.participants) expect(p.sessions[0]!.segments[0]!.segmentEnd).toBeUndefined();
    clock.advance(40 * MINUTE); // longer than any conversation (3 min wait, 20 min talk, 1.5 min wrap-up)
    const over = live.get(id)!;
    expect(over.conversationEnd).toBeDefined();
    for (const p of over.participants)
      for (const s of p.sessions) for (const seg of s.segments) expect(seg.segmentEnd).toBeDefined();
    const phases = mine().map((c) => c.phase);
    expect(phases.at(-1)).toBe('ended');
    expect(phases[0]).toBe('waiting');
    if (phases.includes('interacting')) expect(phases).toEqual(['waiting', 'interacting', 'wrapup', 'ended']);
    else expect(phases).toEqual(['waiting', 'ended']); // abandoned in the queue
    // Changes come in time order, each conversation's last one is its end.
    const times = changes.map((c) => c.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(live.version()).toBe(filledIn + changes.length);
  });

  it('answers queue counts from the conversations now in the queue and now with an agent', () => {
    const { clock, live } = traffic(60);
    clock.advance(5 * MINUTE);
    const now = new Date(clock.now()).toISOString();
    let waiting = 0;
    let interacting = 0;
    const queueId = data.queues[0]!.id;
    for (const c of live.conversations()) {
      const acd = c.participants.find((p) => p.purpose === 'acd')!.sessions[0]!.segments[0]!;
      if (acd.queueId !== queueId || c.conversationEnd) continue;
      const agent = c.participants.find((p) => p.purpose === 'agent')?.sessions[0]?.segments;
      if (acd.segmentEnd === undefined) waiting++;
      else if (agent?.length === 1 && agent[0]!.segmentStart <= now) interacting++;
    }
    expect(waiting + interacting).toBeGreaterThan(0);
    expect(live.queueCounts(queueId)).toEqual({ waiting, interacting });
  });
});
