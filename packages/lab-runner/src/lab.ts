import { join } from 'node:path';
import { prometheusConfig, type Topology, toxiproxyConfig } from '@lab/topology';
import { startJaeger } from './jaeger.js';
import { startMockGenesys } from './mock-genesys.js';
import type { RunningProcess } from './process.js';
import { startPrometheus } from './prometheus.js';
import { startRedis } from './redis.js';
import { populateProxies, startToxiproxy } from './toxiproxy.js';

export interface RunningLab {
  processes: RunningProcess[];
  /** Stops every process, last started first. */
  stop(): Promise<void>;
}

/**
 * Starts the whole native lab from the topology, in dependency order: Redis, Jaeger, Toxiproxy (every proxy),
 * the mocks, then Prometheus. If one part fails, what already started is stopped and the error is rethrown.
 */
export async function startLab(
  topology: Topology,
  stateDir: string,
  onStarted: (proc: RunningProcess) => void = () => {},
): Promise<RunningLab> {
  const logDir = join(stateDir, 'logs');
  const processes: RunningProcess[] = [];
  const started = <T extends RunningProcess>(proc: T): T => {
    processes.push(proc);
    onStarted(proc);
    return proc;
  };
  const stop = async () => {
    for (const proc of [...processes].reverse()) await proc.stop();
  };
  const { host } = topology;
  try {
    started(await startRedis({ port: topology.infra.redis.port, host, logFile: join(logDir, 'redis.log') }));
    started(
      await startJaeger({
        ...topology.infra.jaeger,
        host,
        dataDir: join(stateDir, 'jaeger'),
        logFile: join(logDir, 'jaeger.log'),
      }),
    );
    const toxiproxy = started(
      await startToxiproxy({ port: topology.toxiproxy.apiPort, host, logFile: join(logDir, 'toxiproxy.log') }),
    );
    await populateProxies(toxiproxy.client, toxiproxyConfig(topology));
    const mock = topology.services['mock-genesys'];
    if (!mock) throw new Error('topology has no mock-genesys service');
    started(await startMockGenesys({ port: mock.port, host, logFile: join(logDir, 'mock-genesys.log') }));
    started(
      await startPrometheus({
        port: topology.infra.prometheus.port,
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
