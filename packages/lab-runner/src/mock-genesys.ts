import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { type RunningProcess, startProcess } from './process.js';
import { httpOk } from './wait.js';

export interface MockGenesysOptions {
  port: number;
  host?: string;
  logFile: string;
  /** Extra MOCK_* settings (see apps/mock-genesys/README.md). */
  env?: Record<string, string>;
}

export interface RunningMockGenesys extends RunningProcess {
  url: string;
}

/** Starts apps/mock-genesys (built) as its own Node process. */
export async function startMockGenesys(options: MockGenesysOptions): Promise<RunningMockGenesys> {
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${options.port}`;
  const proc = await startProcess({
    name: 'mock-genesys',
    command: process.execPath,
    args: [join(repoRoot, 'apps/mock-genesys/dist/main.js')],
    env: { MOCK_HOST: host, MOCK_PORT: String(options.port), ...options.env },
    logFile: options.logFile,
    ready: () => httpOk(`${url}/healthz`),
  });
  return { ...proc, url };
}
