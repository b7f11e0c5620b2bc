import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolPaths } from '@lab/toolchain';
import { type JaegerConfigOptions, jaegerConfigYaml } from '@lab/topology';
import { type RunningProcess, startProcess } from './process.js';
import { httpOk } from './wait.js';

export interface RunningJaeger extends RunningProcess {
  /** OTLP/HTTP base URL: set OTEL_EXPORTER_OTLP_ENDPOINT to it. */
  otlpUrl: string;
  /** Query service: /api/traces, /api/services, /api/v3/traces (the web UI is not in the Go module). */
  queryUrl: string;
}

/** Starts the Jaeger v2 all-in-one built by setup.sh, traces in memory, with a config written to `dataDir`. */
export async function startJaeger(
  options: JaegerConfigOptions & { dataDir: string; logFile: string },
): Promise<RunningJaeger> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });
  const config = join(options.dataDir, 'jaeger.yaml');
  writeFileSync(config, jaegerConfigYaml(options));
  const otlpUrl = `http://${host}:${options.otlpHttpPort}`;
  const queryUrl = `http://${host}:${options.queryPort}`;
  const proc = await startProcess({
    name: 'jaeger',
    command: toolPaths().jaeger,
    args: [`--config=file:${config}`],
    logFile: options.logFile,
    ready: async () => {
      if (!(await httpOk(`${queryUrl}/api/services`))) return false;
      // The receiver answers an empty OTLP/JSON export with 200 once the pipeline runs.
      const empty = await fetch(`${otlpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(1_000),
      });
      return empty.ok;
    },
  });
  return Object.assign(proc, { otlpUrl, queryUrl });
}
