import { type RunningNodeApp, startNodeApp } from './node-app.js';

export interface MockGenesysOptions {
  port: number;
  host?: string;
  logFile: string;
  /** Extra MOCK_* settings (see apps/mock-genesys/README.md). */
  env?: Record<string, string>;
}

export type RunningMockGenesys = RunningNodeApp;

/** Starts apps/mock-genesys (built) as its own Node process. */
export function startMockGenesys(options: MockGenesysOptions): Promise<RunningMockGenesys> {
  const host = options.host ?? '127.0.0.1';
  return startNodeApp({
    app: 'apps/mock-genesys',
    url: `http://${host}:${options.port}`,
    env: { SERVICE_HOST: host, SERVICE_PORT: String(options.port), ...options.env },
    logFile: options.logFile,
  });
}
