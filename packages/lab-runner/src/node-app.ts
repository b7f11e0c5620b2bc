import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { type RunningProcess, startProcess } from './process.js';
import { type ClientTls, httpOk } from './wait.js';

export interface NodeAppOptions {
  /** Workspace folder under the repo, e.g. "apps/mock-crm"; its dist/main.js is started. */
  app: string;
  name?: string;
  url: string;
  healthPath?: string;
  env?: Record<string, string>;
  /** Extra node flags before the entry, e.g. ["--import", "@lab/telemetry/instrumentation"]. */
  nodeArgs?: string[];
  logFile: string;
  /** The mTLS profile: the health check presents this certificate (the app serves https). */
  tls?: ClientTls;
}

export interface RunningNodeApp extends RunningProcess {
  url: string;
}

/**
 * V8 flags for every Node app of the lab: semi-spaces (the young generation's halves) of 2 MiB instead of V8's
 * default of up to 16 MiB. Under the baseline load each process's young generation grew to its cap and stayed;
 * capped, the whole lab measured 1 017 MiB RSS after 60 s of baseline load against 1 219 MiB uncapped, with
 * crm-sync's cache-hit throughput unchanged within the run's noise (`npm run bench -- lab`, load under 1.5; issue 12).
 */
export const LAB_NODE_FLAGS = ['--max-semi-space-size=2'];

/** Starts a built app of this repo as its own Node process and waits for its health endpoint. */
export async function startNodeApp(options: NodeAppOptions): Promise<RunningNodeApp> {
  const proc = await startProcess({
    name: options.name ?? options.app.split('/').at(-1) ?? options.app,
    command: process.execPath,
    args: [...LAB_NODE_FLAGS, ...(options.nodeArgs ?? []), join(repoRoot, options.app, 'dist/main.js')],
    cwd: join(repoRoot, options.app),
    env: options.env,
    logFile: options.logFile,
    ready: () => httpOk(`${options.url}${options.healthPath ?? '/healthz'}`, 1_000, options.tls),
    // The lab starts its Node apps side by side: on a busy 2-core machine one can take longer than 30 s to listen.
    readyTimeoutMs: 60_000,
  });
  // Object.assign, not a spread: the handle's pid and exited are getters that follow restarts.
  return Object.assign(proc, { url: options.url });
}
