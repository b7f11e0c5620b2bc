import { describe, expect, it } from 'vitest';
import { FaultControls } from './fault-controls.js';
import { type ErrorRateSpec, errorRateSchema } from './fault-specs.js';

const outcomes = (faults: FaultControls, n: number) =>
  Array.from({ length: n }, () => faults.errorFor()?.error.status ?? 200);

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
    const injected = faults.errorFor();
    expect(injected?.error.headers).toEqual({ 'retry-after': '4' });
    expect(injected?.error.body()).toEqual({ error: 'injected_fault', message: 'Injected fault: status 500' });
    expect(outcomes(faults, 5)).toEqual([500, 200, 200, 200, 200]);
  });

  it('restarts from another seed when reset is given one', () => {
    const faults = new FaultControls(9);
    faults.reset(11);
    faults.setErrorRate({ rate: 0.5, status: 503 });
    const fresh = new FaultControls(11);
    fresh.setErrorRate({ rate: 0.5, status: 503 });
    expect(outcomes(faults, 50)).toEqual(outcomes(fresh, 50));
  });

  it('delays by delayMs plus jitter, for the configured share', () => {
    const faults = new FaultControls(1);
    faults.setSlow({ delayMs: 100, jitterMs: 50, rate: 1 });
    const delays = Array.from({ length: 100 }, () => faults.delayFor());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThan(150);
    expect(faults.describe().slow).toMatchObject({ delayMs: 100, delayed: 100 });
    expect(faults.clear('slow')).toBe(true);
    expect(faults.clear('slow')).toBe(false);
    expect(faults.delayFor()).toBe(0);
  });

  it("hands an extended spec's own fields back with each injected error", () => {
    type Spec = ErrorRateSpec & { afterRecording: boolean };
    const faults = new FaultControls<Spec>(3);
    faults.setErrorRate({ ...errorRateSchema.parse({ rate: 1 }), afterRecording: true });
    const injected = faults.errorFor();
    expect(injected?.error.status).toBe(503);
    expect(injected?.fault.afterRecording).toBe(true);
    expect(faults.describe().errorRate).toMatchObject({ afterRecording: true, injected: 1 });
  });
});
