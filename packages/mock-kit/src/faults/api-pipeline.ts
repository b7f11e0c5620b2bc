import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FaultControls, InjectedError } from './fault-controls.js';
import type { ErrorRateSpec } from './fault-specs.js';

/** The part of a prom-client Counter the pipeline uses. */
export interface LabelledCounter<L extends string> {
  inc(labels: Record<L, string>): void;
}

export interface ApiPipelineOptions<E extends ErrorRateSpec> {
  faults: FaultControls<E>;
  metrics: {
    /** API requests answered, by method, route pattern ('unmatched' for none) and status. */
    requests: LabelledCounter<'method' | 'route' | 'status'>;
    /** API requests given an injected fault, by kind. */
    faults: LabelledCounter<'kind'>;
  };
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
  /**
   * What an injected error does. By default it is counted as kind "error-rate" and thrown, so it is answered at
   * once; an app that answers some later (after doing the work) counts and keeps them itself.
   */
  onInjectedError?: (request: FastifyRequest, injected: InjectedError<E>) => void;
}

const isApi = (url: string) => url.startsWith('/api/');

/** Before every /api/ request: the injected error, then the injected delay. After it: the request counter. */
export function registerApiPipeline<E extends ErrorRateSpec>(app: FastifyInstance, options: ApiPipelineOptions<E>) {
  const { faults, metrics, sleep } = options;
  const onInjectedError =
    options.onInjectedError ??
    ((_request: FastifyRequest, injected: InjectedError<E>) => {
      metrics.faults.inc({ kind: 'error-rate' });
      throw injected.error;
    });

  app.addHook('onRequest', async (request) => {
    if (!isApi(request.url)) return;
    const injected = faults.errorFor();
    if (injected) onInjectedError(request, injected);
    const delayMs = faults.delayFor();
    if (delayMs > 0) {
      metrics.faults.inc({ kind: 'slow' });
      await sleep(delayMs);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isApi(request.url)) return;
    metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
}
