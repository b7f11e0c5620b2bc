import type { LoadResult, LoadSample } from './load.js';

export type LoadStat = 'p50' | 'p95' | 'p99' | 'max' | 'success' | 'fallback' | 'count' | 'errors';
export type LoadWindow = 'all' | 'fault' | 'after';

/** The answers of a load inside a window: all of them, those sent while the fault was on, or after it. */
export function samplesIn(result: LoadResult, window: LoadWindow): LoadSample[] {
  if (window === 'all' || !result.fault) return window === 'all' ? result.samples : [];
  const { start, end } = result.fault;
  return result.samples.filter((s) => (window === 'fault' ? s.at >= start && s.at < end : s.at >= end));
}

/** Nearest-rank percentile of the latencies (ms). */
export function percentile(samples: LoadSample[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function loadStat(samples: LoadSample[], stat: LoadStat): number {
  const share = (f: (s: LoadSample) => boolean) =>
    samples.length === 0 ? 0 : samples.filter(f).length / samples.length;
  switch (stat) {
    case 'p50':
      return percentile(samples, 50);
    case 'p95':
      return percentile(samples, 95);
    case 'p99':
      return percentile(samples, 99);
    case 'max':
      return Math.max(0, ...samples.map((s) => s.latencyMs));
    case 'success':
      return share((s) => s.ok);
    case 'fallback':
      return share((s) => s.fallback);
    case 'count':
      return samples.length;
    case 'errors':
      return samples.filter((s) => !s.ok).length;
  }
}
