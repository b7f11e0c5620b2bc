import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OtlpFetchTraceExporter } from './otlp-fetch-exporter.js';

interface Received {
  path: string | undefined;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A collector on 127.0.0.1 that answers each POST with the next of `answers` (the last one repeats). */
async function collector(answers: Array<(response: ServerResponse) => void>) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      (answers[received.length - 1] ?? answers.at(-1))?.(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const ok = (response: ServerResponse) => response.writeHead(200).end();

/** Two finished spans of a real tracer provider. */
function someSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('otlp-fetch-exporter.test');
  tracer.startSpan('GET /first').end();
  tracer.startSpan('GET /second').end();
  return memory.getFinishedSpans();
}

function exportThrough(exporter: OtlpFetchTraceExporter, spans: ReadableSpan[]) {
  return new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(spans, resolve));
}

afterEach(() => vi.unstubAllEnvs());

describe('OtlpFetchTraceExporter', () => {
  it('POSTs the spans as OTLP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces, with OTEL_EXPORTER_OTLP_HEADERS', async () => {
    const at = await collector([ok]);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', at.url);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-tenant=lab');
    const spans = someSpans();
    const exporter = new OtlpFetchTraceExporter();
    expect(await exportThrough(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });
    await exporter.shutdown();
    await at.close();
    expect(at.received).toHaveLength(1);
    const [request] = at.received;
    expect(request?.path).toBe('/v1/traces');
    expect(request?.headers['content-type']).toBe('application/x-protobuf');
    expect(request?.headers['x-tenant']).toBe('lab');
    // The body is what the official serializer makes of the same spans.
    expect(request?.body).toEqual(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []));
  });

  it('gzips the body when OTEL_EXPORTER_OTLP_COMPRESSION=gzip', async () => {
    const at = await collector([ok]);
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', `${at.url}/custom/traces`);
    vi.stubEnv('OTEL_EXPORTER_OTLP_COMPRESSION', 'gzip');
    const spans = someSpans();
    const exporter = new OtlpFetchTraceExporter();
    expect((await exportThrough(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    await at.close();
    const [request] = at.received;
    expect(request?.path).toBe('/custom/traces');
    expect(request?.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(request?.body ?? Buffer.alloc(0))).toEqual(
      Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []),
    );
  });

  it("retries a 503 after the collector's Retry-After, and then succeeds", async () => {
    const at = await collector([(response) => response.writeHead(503, { 'retry-after': '0' }).end(), ok]);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', at.url);
    const exporter = new OtlpFetchTraceExporter();
    expect((await exportThrough(exporter, someSpans())).code).toBe(ExportResultCode.SUCCESS);
    await at.close();
    expect(at.received).toHaveLength(2);
    expect(at.received[1]?.body).toEqual(at.received[0]?.body);
  });

  it('fails at once on a 400, naming the status, without a retry', async () => {
    const at = await collector([(response) => response.writeHead(400).end('bad')]);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', at.url);
    const exporter = new OtlpFetchTraceExporter();
    const result = await exportThrough(exporter, someSpans());
    await at.close();
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('400');
    expect(at.received).toHaveLength(1);
  });

  it('gives up within OTEL_EXPORTER_OTLP_TIMEOUT when the collector keeps answering 503 with a long Retry-After', async () => {
    const at = await collector([(response) => response.writeHead(503, { 'retry-after': '30' }).end()]);
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', at.url);
    vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '2000');
    const exporter = new OtlpFetchTraceExporter();
    const result = await exportThrough(exporter, someSpans());
    await at.close();
    expect(result.code).toBe(ExportResultCode.FAILED);
    // A 30 s wait does not fit in 2 s: one request, no retry.
    expect(at.received).toHaveLength(1);
  });
});
