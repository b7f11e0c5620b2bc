import { describe, expect, it } from 'vitest';
import { FaultControls } from './fault-controls.js';

const outcomes = (faults: FaultControls, n: number) =>
  Array.from({ length: n }, () => faults.errorFor()?.status ?? 200);

describe('FaultControls', () => {
  it('fails about the configured share of requests, the same ones for the same seed', () => {
    const a = new FaultControls(5);
    const b = new FaultControls(5);
    a.setErrorRate({ rate: 0.3, status: 502 });
    b.setErrorRate({ rate: 0.3, status: 502 });
    const runA = outcomes(a, 1_000);
    expect(outcomes(b, 1_000)).toEqual(runA);
    const failed = runA.filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(240);
    expect(failed).toBeLessThan(360);
  });

  it('restarts the sequence on reset, and stops after count errors', () => {
    const faults = new FaultControls(9);
    faults.setErrorRate({ rate: 0.5, status: 503 });
    const first = outcomes(faults, 50);
    faults.reset();
    expect(faults.describe()).toEqual({ errorRate: null, slow: null });
    faults.setErrorRate({ rate: 0.5, status: 503 });
    expect(outcomes(faults, 50)).toEqual(first);

    faults.setErrorRate({ rate: 1, status: 500, count: 2, retryAfterSeconds: 4 });
    const error = faults.errorFor();
    expect(error?.headers).toEqual({ 'retry-after': '4' });
    expect(outcomes(faults, 5)).toEqual([500, 200, 200, 200, 200]);
  });

  it('delays by delayMs plus jitter, for the configured share', () => {
    const faults = new FaultControls(1);
    faults.setSlow({ delayMs: 100, jitterMs: 50, rate: 1 });
    const delays = Array.from({ length: 100 }, () => faults.delayFor());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThan(150);
    expect(faults.clear('slow')).toBe(true);
    expect(faults.clear('slow')).toBe(false);
    expect(faults.delayFor()).toBe(0);
  });
});
