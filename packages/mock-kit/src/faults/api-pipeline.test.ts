import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../error-handler.js';
import type { HttpError } from '../http-error.js';
import { RequestLog } from '../request-log.js';
import { type ApiPipelineOptions, registerApiPipeline } from './api-pipeline.js';
import { registerErrorRate } from './error-rate.js';
import { FaultEngine } from './fault-engine.js';
import type { FaultKindRegistry } from './fault-kind.js';
import { registerSlow } from './slow.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build(onInjectedError?: ApiPipelineOptions['onInjectedError']) {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  const counted = { requests: [] as Record<string, string>[], faults: [] as string[] };
  const slept: number[] = [];
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  const faults = new FaultEngine({ kinds, seed: 1 });
  const requests = new RequestLog();
  registerApiPipeline(app, {
    faults,
    requests,
    metrics: {
      requests: { inc: (labels) => counted.requests.push(labels) },
      faults: { inc: ({ kind }) => counted.faults.push(kind) },
    },
    sleep: async (ms) => slept.push(ms),
    ...(onInjectedError ? { onInjectedError } : {}),
  });
  app.get('/api/items/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  return { faults, counted, slept, requests };
}

describe('registerApiPipeline', () => {
  it('answers an injected error at once and counts it, on /api/ routes only', async () => {
    const { faults, counted } = build();
    faults.add({ type: 'error-rate', status: 502, retryAfterSeconds: 3 });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const failed = await app.inject('/api/items/7');
    expect(failed.statusCode).toBe(502);
    expect(failed.headers['retry-after']).toBe('3');
    expect(failed.json()).toMatchObject({ error: 'injected_fault' });
    expect(counted.faults).toEqual(['error-rate']);
    expect(counted.requests).toEqual([{ method: 'GET', route: '/api/items/:id', status: '502' }]);
  });

  it("targets one entity's requests by their Idempotency-Key header", async () => {
    const { faults } = build();
    faults.add({ type: 'error-rate', status: 503, target: { idempotencyKey: 'poison-1' } });
    const get = (key?: string) =>
      app.inject({ url: '/api/items/1', headers: key === undefined ? {} : { 'idempotency-key': key } });
    expect((await get('poison-1')).statusCode).toBe(503);
    expect((await get('poison-1')).statusCode).toBe(503);
    expect((await get('good-1')).statusCode).toBe(200);
    expect((await get()).statusCode).toBe(200);
  });

  it('waits out an injected delay and counts it', async () => {
    const { faults, counted, slept } = build();
    faults.add({ type: 'slow', delayMs: 300 });
    await app.inject('/healthz');
    expect((await app.inject('/api/items/1')).json()).toEqual({ id: '1' });
    expect(slept).toEqual([300]);
    expect(counted.faults).toEqual(['slow']);
  });

  it('counts and logs requests by route pattern and status, unmatched ones too, with their request ids', async () => {
    const { counted, requests } = build();
    const before = Date.now();
    await app.inject({ url: '/api/items/1?x=1', headers: { 'x-request-id': 'r-1', 'idempotency-key': 'k-1' } });
    await app.inject('/api/nothing-here');
    await app.inject('/healthz');
    expect(counted.requests).toEqual([
      { method: 'GET', route: '/api/items/:id', status: '200' },
      { method: 'GET', route: 'unmatched', status: '404' },
    ]);
    const logged = requests.entries();
    expect(logged).toEqual([
      {
        at: expect.any(Number),
        method: 'GET',
        route: '/api/items/:id',
        path: '/api/items/1',
        status: 200,
        headers: { 'x-request-id': 'r-1', 'idempotency-key': 'k-1' },
      },
      { at: expect.any(Number), method: 'GET', route: 'unmatched', path: '/api/nothing-here', status: 404 },
    ]);
    expect(logged[0]?.at).toBeGreaterThanOrEqual(before - 1);
  });

  it('hands injected errors to onInjectedError when given, which may let the request go on', async () => {
    const kept: HttpError[] = [];
    const { faults, counted, slept } = build((_request, error) => kept.push(error));
    faults.add({ type: 'error-rate', status: 503, count: 1 });
    faults.add({ type: 'slow', delayMs: 5 });
    expect((await app.inject('/api/items/2')).statusCode).toBe(200);
    expect(kept.map((e) => e.status)).toEqual([503]);
    expect(counted.faults).toEqual(['slow']);
    expect(slept).toEqual([5]);
  });
});
