// A scenario's last step: one iteration, after the load, that reads what only the lab can tell (the mocks'
// counters and request logs, a service's metrics) and records it as metrics that thresholds judge. k6 has no way
// to read its own metrics mid-run, so what must be counted server-side is counted here.
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
import type { Scenario } from 'k6/options';

/** The verification step, starting `atSeconds` into the run. */
export function verifyAt(atSeconds: number, exec = 'verify'): Scenario {
  return {
    executor: 'per-vu-iterations',
    vus: 1,
    iterations: 1,
    startTime: `${atSeconds}s`,
    exec,
    maxDuration: '120s',
  };
}

/** Polls `probe` every `intervalSeconds` until it answers true or `timeoutSeconds` pass; answers its last answer. */
export function waitUntil(probe: () => boolean, timeoutSeconds: number, intervalSeconds = 0.5): boolean {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    if (probe()) return true;
    if (Date.now() >= deadline) return false;
    sleep(intervalSeconds);
  }
}

/** A named count that a threshold judges (e.g. `lost_events: ['count==0']`); adds 0 so that it always exists. */
export function tally(name: string): Counter {
  const counter = new Counter(name);
  return counter;
}
