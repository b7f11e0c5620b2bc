import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../error-handler.js';
import type { HttpError } from '../http-error.js';
import { type ApiPipelineOptions, registerApiPipeline } from './api-pipeline.js';
import { FaultControls } from './fault-controls.js';
import type { ErrorRateSpec } from './fault-specs.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build(onInjectedError?: ApiPipelineOptions<ErrorRateSpec>['onInjectedError']) {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  const counted = { requests: [] as Record<string, string>[], faults: [] as string[] };
  const slept: number[] = [];
  const faults = new FaultControls(1);
  registerApiPipeline(app, {
    faults,
    metrics: {
      requests: { inc: (labels) => counted.requests.push(labels) },
      faults: { inc: ({ kind }) => counted.faults.push(kind) },
    },
    sleep: async (ms) => slept.push(ms),
    ...(onInjectedError ? { onInjectedError } : {}),
  });
  app.get('/api/items/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  return { faults, counted, slept };
}

describe('registerApiPipeline', () => {
  it('answers an injected error at once and counts it, on /api/ routes only', async () => {
    const { faults, counted } = build();
    faults.setErrorRate({ rate: 1, status: 502, retryAfterSeconds: 3 });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const failed = await app.inject('/api/items/7');
    expect(failed.statusCode).toBe(502);
    expect(failed.headers['retry-after']).toBe('3');
    expect(failed.json()).toMatchObject({ error: 'injected_fault' });
    expect(counted.faults).toEqual(['error-rate']);
    expect(counted.requests).toEqual([{ method: 'GET', route: '/api/items/:id', status: '502' }]);
  });

  it('waits out an injected delay and counts it', async () => {
    const { faults, counted, slept } = build();
    faults.setSlow({ delayMs: 300, jitterMs: 0, rate: 1 });
    await app.inject('/healthz');
    expect((await app.inject('/api/items/1')).json()).toEqual({ id: '1' });
    expect(slept).toEqual([300]);
    expect(counted.faults).toEqual(['slow']);
  });

  it('counts requests by route pattern and status, unmatched ones too', async () => {
    const { counted } = build();
    await app.inject('/api/items/1');
    await app.inject('/api/nothing-here');
    expect(counted.requests).toEqual([
      { method: 'GET', route: '/api/items/:id', status: '200' },
      { method: 'GET', route: 'unmatched', status: '404' },
    ]);
  });

  it('hands injected errors to onInjectedError when given, which may let the request go on', async () => {
    const kept: HttpError[] = [];
    const { faults, counted, slept } = build((_request, injected) => kept.push(injected.error));
    faults.setErrorRate({ rate: 1, status: 503, count: 1 });
    faults.setSlow({ delayMs: 5, jitterMs: 0, rate: 1 });
    expect((await app.inject('/api/items/2')).statusCode).toBe(200);
    expect(kept.map((e) => e.status)).toEqual([503]);
    expect(counted.faults).toEqual(['slow']);
    expect(slept).toEqual([5]);
  });
});
