import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FailureRecord, parseFailureRecord, poisonReason, queuedAtOf, recordRealFailure } from './poison-rule.js';

const rule = { maxCountedFailures: 10, maxAgeMs: 86_400_000 };
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** One entry as the worker sees it, on the fake clock: each real failure recorded, then the rule asked. */
function entry(queuedAt = Date.now()) {
  let record: FailureRecord | undefined;
  return {
    fail(lastDeliveryAt: number | undefined): string | undefined {
      const at = { now: Date.now(), queuedAt, lastDeliveryAt };
      record = recordRealFailure(record, at);
      return poisonReason(record, at, rule);
    },
    get record() {
      return record;
    },
  };
}

/** The half-open probes of an outage of `ms`: one per open period, 5 s doubling to 60 s (the breaker's defaults). */
function probeTimes(ms: number): number[] {
  const times: number[] = [];
  for (let t = 0, period = 5 * SECOND; t + period <= ms; period = Math.min(60 * SECOND, period * 2)) {
    t += period;
    times.push(t);
  }
  return times;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-02T08:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('poison rule', () => {
  it('an outage alone dead-letters nothing: a lone entry takes every probe of a 10-minute outage', () => {
    const lastDelivery = Date.now() - SECOND; // delivered before the outage began
    const lone = entry();
    const probes = probeTimes(10 * MINUTE);
    expect(probes.length).toBeGreaterThan(rule.maxCountedFailures); // more real failures than the bound
    let elapsed = 0;
    for (const t of probes) {
      vi.advanceTimersByTime(t - elapsed);
      elapsed = t;
      expect(lone.fail(lastDelivery), `probe at ${t / SECOND} s`).toBeUndefined();
    }
    // only its first failure came after a delivery (queued after the last one: not even that)
    expect(lone.record).toMatchObject({ counted: 0, total: probes.length });
  });

  it('an outage that recovers and fails again counts one failure per recovery, not per probe', () => {
    const e = entry();
    let lastDelivery = Date.now() + 1; // another entry delivered just after this one was queued
    for (let outage = 0; outage < 3; outage++) {
      vi.advanceTimersByTime(10 * SECOND);
      for (let probe = 0; probe < 5; probe++) {
        vi.advanceTimersByTime(5 * SECOND);
        expect(e.fail(lastDelivery)).toBeUndefined();
      }
      vi.advanceTimersByTime(SECOND);
      lastDelivery = Date.now(); // the notifier is back for a moment: others are delivered
    }
    expect(e.record).toMatchObject({ counted: 3, total: 15 });
  });

  it('a poison entry failing while the others are delivered is dead-lettered after the bound', () => {
    const poison = entry();
    let reason: string | undefined;
    let attempts = 0;
    while (!reason && attempts < 100) {
      vi.advanceTimersByTime(2 * SECOND);
      const lastDelivery = Date.now(); // the probe after its failure was another entry's, and it succeeded
      vi.advanceTimersByTime(3 * SECOND);
      reason = poison.fail(lastDelivery);
      attempts++;
    }
    expect(attempts).toBe(rule.maxCountedFailures);
    expect(reason).toBe('poison: 10 real attempts failed while other entries were delivered');
  });

  it('an entry failing alone is dead-lettered once older than the age bound, not before', () => {
    const alone = entry();
    vi.advanceTimersByTime(rule.maxAgeMs - MINUTE);
    expect(alone.fail(undefined)).toBeUndefined();
    vi.advanceTimersByTime(2 * MINUTE);
    expect(alone.fail(undefined)).toBe('too old: still failing 86460 s after it was queued (2 real attempts)');
  });

  it('reads stream ids and stored records, and refuses what is not one', () => {
    expect(queuedAtOf('1796198667929-3')).toBe(1796198667929);
    expect(queuedAtOf('nonsense')).toBeUndefined();
    const record = { counted: 2, total: 5, lastFailedAt: 7 };
    expect(parseFailureRecord(JSON.stringify(record))).toEqual(record);
    expect(parseFailureRecord('{"counted":"2"}')).toBeUndefined();
    expect(parseFailureRecord('not json')).toBeUndefined();
    expect(parseFailureRecord(null)).toBeUndefined();
  });
});
