import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JitteredTimer, jitteredDelayMs } from './jittered-timer.js';

describe('jitteredDelayMs', () => {
  it('stays within interval × (1 ± jitter) and spans that range', () => {
    expect(jitteredDelayMs(30_000, 0.2, () => 0)).toBe(24_000);
    expect(jitteredDelayMs(30_000, 0.2, () => 0.5)).toBe(30_000);
    expect(jitteredDelayMs(30_000, 0.2, () => 0.999_999)).toBe(36_000);
    let seed = 1;
    const lcg = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const delays = Array.from({ length: 1_000 }, () => jitteredDelayMs(30_000, 0.2, lcg));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(24_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(36_000);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(10_000);
  });

  it('is the plain interval without jitter', () => {
    expect(jitteredDelayMs(30_000, 0, () => 0)).toBe(30_000);
  });
});

describe('JitteredTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks at start, then never before the shortest nor after the longest jittered delay', () => {
    const tick = vi.fn();
    const early = new JitteredTimer({ intervalMs: 30_000, jitter: 0.2, tick, random: () => 0 });
    early.start();
    expect(tick).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(23_999);
    expect(tick).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(tick).toHaveBeenCalledTimes(2);
    early.stop();

    const lateTick = vi.fn();
    const late = new JitteredTimer({ intervalMs: 30_000, jitter: 0.2, tick: lateTick, random: () => 0.999_999 });
    late.start();
    vi.advanceTimersByTime(35_999);
    expect(lateTick).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(lateTick).toHaveBeenCalledTimes(2);
    late.stop();
  });

  it('draws every delay anew', () => {
    const draws = [0, 1 - 1e-9, 0.5];
    const tick = vi.fn();
    const timer = new JitteredTimer({ intervalMs: 10_000, jitter: 0.5, tick, random: () => draws.shift() ?? 0.5 });
    timer.start(); // next in 5 s
    vi.advanceTimersByTime(5_000);
    expect(tick).toHaveBeenCalledTimes(2); // next in 15 s
    vi.advanceTimersByTime(14_999);
    expect(tick).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(tick).toHaveBeenCalledTimes(3);
    timer.stop();
  });

  it('stops ticking once stopped, and starting twice does not double the ticks', () => {
    const tick = vi.fn();
    const timer = new JitteredTimer({ intervalMs: 1_000, jitter: 0, tick });
    timer.start();
    timer.start();
    vi.advanceTimersByTime(3_000);
    expect(tick).toHaveBeenCalledTimes(4);
    timer.stop();
    vi.advanceTimersByTime(10_000);
    expect(tick).toHaveBeenCalledTimes(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});
