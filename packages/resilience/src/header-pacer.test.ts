import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from '../test/recorder.js';
import type { ResilienceEvents } from './events.js';
import { HeaderPacer } from './header-pacer.js';

/** What the Genesys client emits after an answer with inin-ratelimit-count/-allowed/-reset. */
const said = (events: ResilienceEvents, family: string, count: number, allowed: number, resetSeconds: number) =>
  events.emit({ type: 'rate-limit-headers', family, remaining: Math.max(0, allowed - count), allowed, resetSeconds });

describe('header pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads what the platform said from its bus, emits nothing of it again, and stops reading once closed', async () => {
    const { events, of } = recorder();
    const pacer = new HeaderPacer({ events });
    said(events, 'routing', 100, 300, 30);
    expect(of('rate-limit-headers')).toHaveLength(1); // the one emitted above: the pacer adds none
    await expect(pacer.wait('routing')).resolves.toBe(0);
    said(events, 'users', 299, 300, 10);
    expect(pacer.delayFor('users')).toBe(5_000);
    pacer.close();
    said(events, 'analytics', 300, 300, 10);
    expect(pacer.delayFor('analytics')).toBe(0);
    expect(of('rate-limit-wait')).toHaveLength(0);
  });

  it('below 5 % remaining, spreads the remaining calls over the time to reset', async () => {
    const { events, of } = recorder();
    const pacer = new HeaderPacer({ events });
    said(events, 'routing', 291, 300, 10); // 9 left < 15: one call every 10 s / 10
    const done: number[] = [];
    void pacer.wait('routing').then(() => done.push(1));
    void pacer.wait('routing').then(() => done.push(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(done).toEqual([1, 2]);
    expect(of('rate-limit-wait')).toEqual([
      { type: 'rate-limit-wait', family: 'routing', waitMs: 1_000, source: 'headers' },
      { type: 'rate-limit-wait', family: 'routing', waitMs: 2_000, source: 'headers' },
    ]);
    await expect(pacer.wait('analytics')).resolves.toBe(0);
  });

  it('with nothing left, waits for the reset; after the reset, no delay', async () => {
    const { events } = recorder();
    const pacer = new HeaderPacer({ events });
    said(events, 'users', 300, 300, 4);
    expect(pacer.delayFor('users')).toBe(4_000);
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(pacer.wait('users')).resolves.toBe(0);
  });

  it('stops pacing when the headers show budget again', async () => {
    const { events } = recorder();
    const pacer = new HeaderPacer({ events, threshold: 0.1 });
    said(events, 'users', 95, 100, 30);
    expect(pacer.delayFor('users')).toBeGreaterThan(0);
    said(events, 'users', 1, 100, 60);
    expect(pacer.delayFor('users')).toBe(0);
  });
});
