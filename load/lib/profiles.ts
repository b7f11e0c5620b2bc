// Load profiles, shared by every scenario: what shape of traffic, scaled by LOAD_FORM (short in CI, long by default).
import type { Scenario } from 'k6/options';
import { scaled } from './config.ts';

/** A few requests from one user: does everything answer at all? */
export function smoke(exec = 'default'): Scenario {
  return { executor: 'constant-vus', vus: 1, duration: scaled(30, 5), exec };
}

/** An open model: requests arrive at `rate` per second whatever the answers' speed (a Genesys flow does not wait). */
export function baseline(rate: number, exec = 'default', longSeconds = 120, shortSeconds = 10): Scenario {
  return {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: scaled(longSeconds, shortSeconds),
    preAllocatedVUs: Math.max(5, rate),
    maxVUs: rate * 10,
    exec,
  };
}

/** From `rate` to `peak` per second in a moment, held, then back: what a queue opening at 9:00 does. */
export function spike(rate: number, peak: number, exec = 'default'): Scenario {
  return {
    executor: 'ramping-arrival-rate',
    startRate: rate,
    timeUnit: '1s',
    preAllocatedVUs: peak,
    maxVUs: peak * 4,
    stages: [
      { target: rate, duration: scaled(30, 3) },
      { target: peak, duration: scaled(10, 2) },
      { target: peak, duration: scaled(60, 5) },
      { target: rate, duration: scaled(10, 2) },
      { target: rate, duration: scaled(30, 3) },
    ],
    exec,
  };
}

/** A steady rate for a long time (SOAK_MINUTES, default 30; 15 s in the short form): leaks and drift show here. */
export function soak(rate: number, exec = 'default'): Scenario {
  const minutes = Number(__ENV.SOAK_MINUTES ?? 30);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`SOAK_MINUTES must be a positive number, got "${__ENV.SOAK_MINUTES}"`);
  return {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: scaled(minutes * 60, 15),
    preAllocatedVUs: rate * 2,
    maxVUs: rate * 10,
    exec,
  };
}

/** One iteration of `exec` at `atSeconds` into the run: how a fault is switched on or off on a schedule. */
export function at(atSeconds: number, exec: string): Scenario {
  return { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: `${atSeconds}s`, exec, maxDuration: '30s' };
}
