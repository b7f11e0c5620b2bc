import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.js';
import { loggedRequest, type RequestLog } from '../request-log.js';
import type { FaultEngine } from './fault-engine.js';
import type { Fault } from './fault-kind.js';

/** The part of a prom-client Counter the pipeline uses. */
export interface LabelledCounter<L extends string> {
  inc(labels: Record<L, string>): void;
}

export interface ApiPipelineOptions {
  faults: FaultEngine;
  /** Every answered /api/ request is recorded here (GET /__admin/requests). */
  requests: RequestLog;
  metrics: {
    /** API requests answered, by method, route pattern ('unmatched' for none) and status. */
    requests: LabelledCounter<'method' | 'route' | 'status'>;
    /** API requests given an injected fault, by kind. */
    faults: LabelledCounter<'kind'>;
  };
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
  /**
   * What an injected error does. By default it is counted under the fault's type and thrown, so it is answered
   * at once; an app that answers some later (after doing the work) counts and keeps them itself.
   */
  onInjectedError?: (request: FastifyRequest, error: HttpError, fault: Fault) => void;
}

const isApi = (url: string) => url.startsWith('/api/');

/** The HttpError a mock-kit mock answers for an injected error. */
export function injectedHttpError(injected: { status: number; message: string; retryAfterSeconds?: number }) {
  const headers: Record<string, string> =
    injected.retryAfterSeconds !== undefined ? { 'retry-after': String(injected.retryAfterSeconds) } : {};
  return new HttpError(injected.status, 'injected_fault', injected.message, undefined, headers);
}

/**
 * Before every /api/ request: the injected error, then the injected delay. After it: the request counter and
 * the request log.
 */
export function registerApiPipeline(app: FastifyInstance, options: ApiPipelineOptions) {
  const { faults, metrics, sleep } = options;
  const onInjectedError =
    options.onInjectedError ??
    ((_request: FastifyRequest, error: HttpError, fault: Fault) => {
      metrics.faults.inc({ kind: fault.type });
      throw error;
    });

  app.addHook('onRequest', async (request) => {
    if (!isApi(request.url) || faults.empty) return;
    const key = request.headers['idempotency-key'];
    const facts = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      idempotencyKey: typeof key === 'string' ? key : undefined,
    };
    const injected = faults.errorFor(facts);
    if (injected) onInjectedError(request, injectedHttpError(injected.error), injected.fault);
    const delay = faults.delayFor(facts);
    for (const fault of delay.faults) metrics.faults.inc({ kind: fault.type });
    if (delay.delayMs > 0) await sleep(delay.delayMs);
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isApi(request.url)) return;
    const entry = loggedRequest(request, reply);
    metrics.requests.inc({ method: entry.method, route: entry.route, status: String(entry.status) });
    options.requests.record(entry);
  });
}
