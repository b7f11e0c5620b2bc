import { join } from 'node:path';
import { freePort, type RunningNodeApp, startNodeApp } from '@lab/lab-runner';
import { appEnv, type Topology } from '@lab/topology';

/**
 * The naive side of an experiment: a second copy of the service under test, on a free port, with
 * RESILIENCE_MODE=naive and the same Toxiproxy listeners, so the same faults reach it. The lab itself is untouched.
 */
export async function startNaiveTwin(
  topology: Topology,
  service: string,
  logDir: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningNodeApp> {
  const spec = topology.services[service];
  if (spec?.kind !== 'service') throw new Error(`"${service}" is not one of the lab's services`);
  const port = await freePort();
  const url = `http://${topology.host}:${port}`;
  return startNodeApp({
    app: spec.app,
    name: `${service} (naive)`,
    url,
    healthPath: spec.healthPath,
    // Traced like the lab's own services: the API family of a Genesys call (a metric label) rides on the trace
    // context, so an untraced copy would count its calls under family "none".
    nodeArgs: ['--import', '@lab/telemetry/instrumentation'],
    env: {
      ...appEnv(service, topology),
      [spec.portEnv]: String(port),
      RESILIENCE_MODE: 'naive',
      REPLICA_ID: `${service}-review-naive`,
      OTEL_SERVICE_NAME: `${service}-naive`,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    logFile: join(logDir, `${service}-naive.log`),
  });
}
