import { join } from 'node:path';
import { appEnv, prometheusConfig, type Topology, toxiproxyConfig } from '@lab/topology';
import { startJaeger } from './jaeger.js';
import { startNodeApp } from './node-app.js';
import type { RunningProcess } from './process.js';
import { startPrometheus } from './prometheus.js';
import { startRedis } from './redis.js';
import { populateProxies, startToxiproxy } from './toxiproxy.js';

export interface RunningLab {
  processes: RunningProcess[];
  /** Stops every process, last started first. */
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Extra variables per topology service, e.g. {"mock-genesys": {MOCK_JOB_DELAY_MS: "500"}}. */
  env?: Record<string, Record<string, string>>;
  /** Called as each process is up. */
  onStarted?: (proc: RunningProcess) => void;
}

/**
 * Starts the whole native lab from the topology, in dependency order: Redis, Jaeger, Toxiproxy (every proxy),
 * the mocks, the services (traced: `node --import @lab/telemetry/instrumentation`), then Prometheus. If one part
 * fails, what already started is stopped and the error is rethrown.
 */
export async function startLab(topology: Topology, stateDir: string, options: LabOptions = {}): Promise<RunningLab> {
  const logDir = join(stateDir, 'logs');
  const processes: RunningProcess[] = [];
  const started = <T extends RunningProcess>(proc: T): T => {
    processes.push(proc);
    options.onStarted?.(proc);
    return proc;
  };
  const stop = async () => {
    for (const proc of [...processes].reverse()) await proc.stop();
  };
  const { host, infra } = topology;
  try {
    started(await startRedis({ port: infra.redis.port, host, logFile: join(logDir, 'redis.log') }));
    started(
      await startJaeger({
        ...infra.jaeger,
        host,
        dataDir: join(stateDir, 'jaeger'),
        logFile: join(logDir, 'jaeger.log'),
      }),
    );
    const toxiproxy = started(
      await startToxiproxy({ port: topology.toxiproxy.apiPort, host, logFile: join(logDir, 'toxiproxy.log') }),
    );
    await populateProxies(toxiproxy.client, toxiproxyConfig(topology));

    const byKind = (kind: 'mock' | 'service') => Object.entries(topology.services).filter(([, s]) => s.kind === kind);
    for (const [name, spec] of [...byKind('mock'), ...byKind('service')]) {
      const traced = spec.kind === 'service';
      started(
        await startNodeApp({
          app: spec.app,
          name,
          url: `http://${host}:${spec.port}`,
          healthPath: spec.healthPath,
          nodeArgs: traced ? ['--import', '@lab/telemetry/instrumentation'] : [],
          env: { ...appEnv(name, topology), ...options.env?.[name] },
          logFile: join(logDir, `${name}.log`),
        }),
      );
    }
    started(
      await startPrometheus({
        port: infra.prometheus.port,
        host,
        config: prometheusConfig(topology),
        dataDir: join(stateDir, 'prometheus'),
        logFile: join(logDir, 'prometheus.log'),
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, stop };
}
