import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { inRequestContext, traceServerRequests } from './server-spans.js';

const tracing = await startInMemoryTracing();
const app = Fastify();
traceServerRequests(app);
let seenInErrorHandler: string | undefined;
app.setErrorHandler((error, request, reply) =>
  inRequestContext(request, () => {
    seenInErrorHandler = trace.getActiveSpan()?.spanContext().spanId;
    return reply.code(500).send({ error: (error as Error).message });
  }),
);
app.post('/things/:id', async (request) => {
  // The body was read on socket events, and the handler awaits: the span must still be the active one.
  await new Promise((resolve) => setTimeout(resolve, 5));
  trace.getActiveSpan()?.setAttribute('test.body_size', JSON.stringify(request.body).length);
  return { ok: true };
});
app.get('/fails', async () => {
  await Promise.resolve();
  throw new Error('broken');
});
app.get('/metrics', async () => 'scrape');
app.get('/healthz', async () => ({ status: 'ok' }));

let base = '';
beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  await tracing.shutdown();
});
beforeEach(() => tracing.reset());

const servers = async () => (await tracing.spans()).filter((span) => span.kind === SpanKind.SERVER);

describe('traceServerRequests', () => {
  it('makes one server span per request, active in the handler after the body was read, child of the caller', async () => {
    const answer = await fetch(`${base}/things/42?page=2&access_token=SECRET`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'span-test' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    const [server] = await servers();
    expect(server?.name).toBe('POST /things/:id');
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/things/:id',
      'url.path': '/things/42',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'client.address': '127.0.0.1',
      'network.protocol.version': '1.1',
      'user_agent.original': 'span-test',
      'http.response.status_code': 200,
      'test.body_size': 17,
    });
    expect(server?.attributes['url.query']).toBe('?page=2&access_token=REDACTED');
    expect(JSON.stringify(server?.attributes)).not.toContain('SECRET');
    // fetch's client span (undici instrumentation) sent the traceparent: the server span continues its trace.
    const client = (await tracing.spans()).find((span) => span.kind === SpanKind.CLIENT);
    expect(server?.spanContext().traceId).toBe(client?.spanContext().traceId);
    expect(server?.parentSpanContext?.spanId).toBe(client?.spanContext().spanId);
    expect(server?.parentSpanContext?.isRemote).toBe(true);
  });

  it('continues a traceparent it is given', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await app.inject({
      method: 'POST',
      url: '/things/1',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      payload: {},
    });
    expect(answer.statusCode).toBe(200);
    const [server] = await servers();
    expect(server?.spanContext().traceId).toBe(traceId);
  });

  it('marks a 5xx as an error, with the span active in the error handler', async () => {
    seenInErrorHandler = undefined;
    expect((await app.inject('/fails')).statusCode).toBe(500);
    const [server] = await servers();
    expect(server?.status.code).toBe(SpanStatusCode.ERROR);
    expect(server?.attributes['error.type']).toBe('500');
    expect(server?.attributes['http.response.status_code']).toBe(500);
    expect(seenInErrorHandler).toBe(server?.spanContext().spanId);
  });

  it('names an unknown route by its method only, and records its 404', async () => {
    expect((await app.inject('/nowhere/at/all')).statusCode).toBe(404);
    const [server] = await servers();
    expect(server?.name).toBe('GET');
    expect(server?.attributes['http.route']).toBeUndefined();
    expect(server?.attributes['http.response.status_code']).toBe(404);
  });

  it('does not trace scrapes and probes', async () => {
    for (const url of ['/metrics', '/healthz', '/healthz?full=1'])
      expect((await app.inject(url)).statusCode).not.toBe(0);
    expect(await servers()).toEqual([]);
  });
});
