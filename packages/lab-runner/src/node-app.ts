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

/** Starts a built app of this repo as its own Node process and waits for its health endpoint. */
export async function startNodeApp(options: NodeAppOptions): Promise<RunningNodeApp> {
  const proc = await startProcess({
    name: options.name ?? options.app.split('/').at(-1) ?? options.app,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), join(repoRoot, options.app, 'dist/main.js')],
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
