import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { rootTraceMayRecord } from './root-trace-gate.js';
import { traceServerRequests } from './server-spans.js';

// The default sampler (parentbased_ratelimiting) with a budget of 3 root traces a second, and a clock that stands
// still, so that the bucket refills only when a test moves it.
vi.useFakeTimers({ toFake: ['performance'] });
process.env.OTEL_TRACES_SAMPLER_ARG = '3';
const tracing = await startInMemoryTracing();
delete process.env.OTEL_TRACES_SAMPLER_ARG;

// What the handler saw, and the headers its outbound call carried to a downstream server.
interface Seen {
  suppressed: boolean;
  /** The handler ran in the root context: no context (nor AsyncLocalStorage frame) of the request's own. */
  rootContext: boolean;
  traceId: string | undefined;
  downstream: IncomingHttpHeaders;
}
let downstreamHeaders: IncomingHttpHeaders = {};
const downstream = createServer((request, response) => {
  downstreamHeaders = request.headers;
  response.end('ok');
});
let downstreamUrl = '';

const app = Fastify();
traceServerRequests(app);
app.get('/work', async (): Promise<Seen> => {
  const suppressed = isTracingSuppressed(context.active());
  const rootContext = context.active() === ROOT_CONTEXT;
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  await (await fetch(downstreamUrl)).text();
  return { suppressed, rootContext, traceId, downstream: downstreamHeaders };
});

let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
  downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/`;
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.close();
  await new Promise((resolve) => downstream.close(resolve));
  await tracing.shutdown();
  vi.useRealTimers();
});
beforeEach(() => {
  // A full bucket for each test: one second (the whole budget) later.
  vi.advanceTimersByTime(1_000);
  tracing.reset();
});

/**
 * GET /work with exactly these headers. The test's own request is made with tracing suppressed, so that no client
 * instrumentation adds a traceparent or spends the budget on a client span of the test's making.
 */
const get = (headers: Record<string, string> = {}): Promise<Seen> =>
  new Promise<Seen>((resolve, reject) => {
    context.with(suppressTracing(context.active()), () => {
      httpRequest(new URL('/work', base), { headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve(JSON.parse(body) as Seen));
      })
        .on('error', reject)
        .end();
    });
  });

const serverSpans = async () => (await tracing.spans()).filter((span) => span.kind === SpanKind.SERVER);

describe('traceServerRequests past the root budget (the fast path)', () => {
  it('records exactly the budget: asking the gate spends no token', async () => {
    const seen: Seen[] = [];
    for (let i = 0; i < 8; i++) seen.push(await get());
    expect(await serverSpans()).toHaveLength(3);
    expect(seen.slice(0, 3).every((s) => !s.suppressed && !s.rootContext && s.traceId !== undefined)).toBe(true);
    expect(rootTraceMayRecord()).toBe(false);
  });

  it('runs an untraced request in the root context: no client span, no traceparent sent on', async () => {
    for (let i = 0; i < 3; i++) await get();
    tracing.reset();
    const seen = await get();
    expect(seen.rootContext).toBe(true);
    expect(seen.traceId).toBeUndefined();
    expect(seen.downstream.traceparent).toBeUndefined();
    expect(await tracing.spans()).toEqual([]);
  });

  it('still traces a caller that asked (a sampled traceparent) after the budget is spent', async () => {
    for (let i = 0; i < 3; i++) await get();
    tracing.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const seen = await get({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(seen.suppressed).toBe(false);
    expect(seen.traceId).toBe(traceId);
    expect(seen.downstream.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const [server] = await serverSpans();
    expect(server?.spanContext().traceId).toBe(traceId);
  });

  it('passes on an unsampled traceparent it is given, recording nothing', async () => {
    for (let i = 0; i < 3; i++) await get();
    tracing.reset();
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const seen = await get({ traceparent: `00-${traceId}-b7ad6b7169203331-00` });
    expect(seen.suppressed).toBe(false);
    expect(seen.downstream.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(await serverSpans()).toEqual([]);
  });

  it('passes baggage on after the budget is spent: any header of the propagator takes the ordinary path', async () => {
    for (let i = 0; i < 3; i++) await get();
    const seen = await get({ baggage: 'tenant=acme' });
    expect(seen.suppressed).toBe(false);
    expect(seen.downstream.baggage).toBe('tenant=acme');
  });

  it('traces roots again as the bucket refills', async () => {
    for (let i = 0; i < 3; i++) await get();
    expect(rootTraceMayRecord()).toBe(false);
    vi.advanceTimersByTime(700); // two tokens back (3 a second)
    tracing.reset();
    for (let i = 0; i < 5; i++) await get();
    expect(await serverSpans()).toHaveLength(2);
  });
});
