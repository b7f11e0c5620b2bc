// Contact ids for Data Actions: a small pool (so the cache and stale-if-error have something to serve) or fresh
// ones per run (so every answer must come from the CRM or the fallback).
import exec from 'k6/execution';

/** One of `pool` contacts, spread over the run. */
export function pooledContact(pool = 200): string {
  return `c-${exec.scenario.iterationInTest % pool}`;
}

/** A contact no earlier run asked for: nothing cached can answer it. */
export function freshContact(runId: string): string {
  return `${runId}-${exec.scenario.iterationInTest}`;
}

/** A run id from the clock: what the per-run ids above are made of. */
export function newRunId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}`;
}
