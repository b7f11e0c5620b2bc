import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type Context, context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { otlpProtobufOverFetch, startTelemetry } from './sdk.js';

const tracing = await startInMemoryTracing();
// Required after the SDK started, so that the http instrumentation patches it.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
afterAll(() => tracing.shutdown());

describe('startTelemetry', () => {
  it('traces outbound node:http and fetch calls, and leaves inbound requests to traceServerRequests', async () => {
    tracing.reset();
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await (await fetch(`${base}/by-fetch`)).text();
    await new Promise<void>((resolve, reject) => {
      http.get(`${base}/by-http`, (answer) => answer.resume().on('end', resolve)).on('error', reject);
    });
    await new Promise((resolve) => server.close(resolve));
    const spans = await tracing.spans();
    const clients = spans.map((span) => [span.instrumentationScope.name, span.attributes['url.full']]);
    expect(clients.sort()).toEqual([
      ['@opentelemetry/instrumentation-http', `${base}/by-http`],
      ['@opentelemetry/instrumentation-undici', `${base}/by-fetch`],
    ]);
  });

  it("leaves a node:http request made with tracing suppressed (the exporter's own) untouched by the instrumentation", async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // The instrumentation binds a request it traces to the context: own listener methods on the emitter.
    const boundListeners = (ctx: Context) =>
      new Promise<boolean>((resolve, reject) => {
        const request = context.with(ctx, () => http.get(url, (answer) => answer.resume()));
        request.on('close', () => resolve(Object.hasOwn(request, 'on'))).on('error', reject);
      });
    expect(await boundListeners(ROOT_CONTEXT)).toBe(true);
    expect(await boundListeners(suppressTracing(ROOT_CONTEXT))).toBe(false);
    await new Promise((resolve) => server.close(resolve));
  });

  it('starts nothing when OTEL_SDK_DISABLED=true', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    try {
      const telemetry = await startTelemetry({ esmHook: false });
      expect(telemetry.enabled).toBe(false);
      await expect(telemetry.shutdown()).resolves.toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('sends OTLP protobuf through fetch, unless LAB_OTLP_HTTP_TRANSPORT=node-http or a TLS file variable asks for node:http', () => {
    try {
      expect(otlpProtobufOverFetch()).toBe(true);
      vi.stubEnv('LAB_OTLP_HTTP_TRANSPORT', 'node-http');
      expect(otlpProtobufOverFetch()).toBe(false);
      vi.stubEnv('LAB_OTLP_HTTP_TRANSPORT', 'fetch');
      expect(otlpProtobufOverFetch()).toBe(true);
      vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE', '/etc/lab/ca.pem');
      expect(otlpProtobufOverFetch()).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
