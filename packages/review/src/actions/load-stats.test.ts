import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load.js';
import { loadStat, samplesIn } from './load-stats.js';

const sample = (at: number, latencyMs: number, ok = true, fallback = false) => ({
  at,
  latencyMs,
  status: ok ? 200 : 500,
  ok,
  fallback,
});

describe('load stats', () => {
  const result: LoadResult = {
    name: 'l',
    sent: 4,
    startedAt: 0,
    fault: { start: 1_000, end: 2_000, actions: [] },
    samples: [sample(0, 10), sample(1_100, 900, true, true), sample(1_500, 50, false), sample(2_500, 20)],
  };

  it('splits answers by the fault window', () => {
    expect(samplesIn(result, 'fault').map((s) => s.at)).toEqual([1_100, 1_500]);
    expect(samplesIn(result, 'after').map((s) => s.at)).toEqual([2_500]);
    expect(samplesIn(result, 'all')).toHaveLength(4);
  });

  it('computes nearest-rank percentiles and shares', () => {
    expect(loadStat(result.samples, 'p50')).toBe(20);
    expect(loadStat(result.samples, 'p99')).toBe(900);
    expect(loadStat(result.samples, 'max')).toBe(900);
    expect(loadStat(result.samples, 'success')).toBe(0.75);
    expect(loadStat(samplesIn(result, 'fault'), 'fallback')).toBe(0.5);
    expect(loadStat(result.samples, 'errors')).toBe(1);
  });
});
