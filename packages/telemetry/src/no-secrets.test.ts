import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { ResilienceEvents } from '@lab/resilience';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { captureLines } from '../test/log-capture.js';
import { recordGenesysResponse, withGenesysSpan } from './genesys-span.js';
import { createLogger } from './logger.js';
import { createMetricsRegistry } from './metrics-registry.js';
import { subscribeMetrics } from './metrics-subscriber.js';
import { traceServerRequests } from './server-spans.js';
import { subscribeSpans } from './span-subscriber.js';

const SECRET = 'SECRET123';
// The SDK starts before node:http is required, so the http instrumentation patches it (CommonJS path: the ESM
// hook that `node --import` registers is not available inside a test worker).
const tracing = await startInMemoryTracing();
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const out = captureLines();
const logger = createLogger({ service: 'secrets-test', level: 'debug', destination: out.destination });
const registry = createMetricsRegistry();
const events = new ResilienceEvents();
subscribeSpans(events);
subscribeMetrics(events, registry, { service: 'secrets-test' });

// A Fastify server traced as the services' are (traceServerRequests), logging the raw request it got.
const server = Fastify();
traceServerRequests(server);
server.all('/*', async (request, reply) => {
  logger.info({ req: request.raw }, 'request received');
  reply.header('inin-correlation-id', 'corr-7');
  reply.header('inin-ratelimit-count', '1');
  reply.header('inin-ratelimit-allowed', '300');
  reply.header('inin-ratelimit-reset', '60');
  return { id: 'c-1' };
});
let base = '';

beforeAll(async () => {
  await server.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await tracing.shutdown();
});

function viaHttpRequest(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Everything a span exporter would send, as text. */
function exported(span: ReadableSpan): string {
  const { name, attributes, events: spanEvents, status, links, resource } = span;
  return JSON.stringify({ name, attributes, spanEvents, status, links, resource: resource.attributes });
}

describe('secrets never reach spans, metrics or logs', () => {
  it('keeps an Authorization: Bearer token out of everything a real call produces', async () => {
    const authorization = `Bearer ${SECRET}`;
    await withGenesysSpan(
      'genesys.get_conversation',
      { family: 'conversations', conversationId: 'c-1' },
      async (span) => {
        logger.debug({ headers: { Authorization: authorization } }, `calling with ${authorization}`);
        const response = await fetch(`${base}/api/v2/conversations/c-1?access_token=${SECRET}`, {
          headers: { authorization },
        });
        await response.text();
        recordGenesysResponse(span, {
          status: response.status,
          correlationId: response.headers.get('inin-correlation-id') ?? undefined,
        });
        events.emit({ type: 'retry', dependency: 'genesys', attempt: 1, delayMs: 10, error: `401 ${authorization}` });
        events.emit({ type: 'fallback', dependency: 'genesys', reason: `token=${SECRET}` });
        events.emit({ type: 'call', dependency: 'genesys', outcome: 'success', durationMs: 12, attempts: 2 });
      },
    );
    expect(await viaHttpRequest(`${base}/oauth/token?client_secret=${SECRET}`, { authorization })).toBe(200);
    await expect(
      withGenesysSpan('genesys.failing', { family: 'users' }, () => {
        throw new Error(`rejected ${authorization}`);
      }),
    ).rejects.toThrow();
    logger.error(new Error(`login failed for ${authorization}`));

    const spans = await tracing.spans();
    const kinds = spans.map((span) => `${span.instrumentationScope.name}:${span.kind}`);
    // The server span, the fetch (undici) client span, the http.request client span and ours all exist...
    expect(kinds).toEqual(
      expect.arrayContaining([
        '@lab/telemetry:1',
        '@opentelemetry/instrumentation-undici:2',
        '@opentelemetry/instrumentation-http:2',
        '@lab/telemetry:0',
      ]),
    );
    // ...none records a header...
    for (const span of spans) {
      expect(Object.keys(span.attributes).filter((key) => key.includes('.header.'))).toEqual([]);
    }
    // ...and none carries the secret, anywhere.
    for (const span of spans) expect(exported(span)).not.toContain(SECRET);

    const metrics = await registry.metrics();
    expect(metrics).toContain('lab_dependency_calls_total{');
    expect(metrics).not.toContain(SECRET);

    expect(out.lines().length).toBeGreaterThanOrEqual(4);
    expect(out.raw()).toContain('request received');
    expect(out.raw()).not.toContain(SECRET);
  });
});
