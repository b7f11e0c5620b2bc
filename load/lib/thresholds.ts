// Threshold presets: each is a hypothesis in k6's words. k6 exits 99 when one fails.
import type { Threshold } from 'k6/options';

type Thresholds = Record<string, Threshold[]>;

/** A Genesys Data Action gives its endpoint 3 s: every answer inside it, p95 well inside. */
export function dataActionWindow(p95Ms = 1000, maxMs = 3000): Thresholds {
  return { 'http_req_duration{call:data-action}': [`p(95)<${p95Ms}`, `max<${maxMs}`] };
}

/** Every request of `call` answered as expected (no 5xx, no 429, no connection error). */
export function noFailures(call: string): Thresholds {
  return { [`http_req_failed{call:${call}}`]: ['rate==0'] };
}

/** Every check passed. */
export const allChecks: Thresholds = { checks: ['rate==1'] };
