import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolPaths } from '@lab/toolchain';
import { type RunningProcess, startProcess } from './process.js';
import { httpOk } from './wait.js';

export interface PrometheusOptions {
  port: number;
  host?: string;
  /** The configuration (JSON or YAML text), e.g. prometheusConfig(topology) from @lab/topology. */
  config: string;
  /** Holds prometheus.yml and the TSDB. */
  dataDir: string;
  logFile: string;
}

export interface RunningPrometheus extends RunningProcess {
  url: string;
}

/** Starts Debian's prometheus with exemplar storage and the remote-write receiver on, keeping a day of data in `dataDir`. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true });
  const configFile = join(options.dataDir, 'prometheus.yml');
  writeFileSync(configFile, options.config);
  const url = `http://${host}:${options.port}`;
  const proc = await startProcess({
    name: 'prometheus',
    command: toolPaths().prometheus,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(options.dataDir, 'tsdb')}`,
      '--storage.tsdb.retention.time=1d',
      `--web.listen-address=${host}:${options.port}`,
      '--enable-feature=exemplar-storage',
      '--web.enable-lifecycle',
      // k6 writes its metrics here (k6 run -o experimental-prometheus-rw), so a run shows beside the services'.
      '--web.enable-remote-write-receiver',
    ],
    logFile: options.logFile,
    ready: () => httpOk(`${url}/-/ready`),
  });
  return Object.assign(proc, { url });
}
