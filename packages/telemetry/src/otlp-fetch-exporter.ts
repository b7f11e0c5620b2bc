import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { context, diag } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { createOtlpNetworkExportDelegate, ExporterMetrics, OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, TraceExporterMetricsHelper } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { DelegateBackoff, handleWhenResult, retry } from 'cockatiel';

/** The exporter's settings as otlp-exporter-base reads them from the environment (url, headers, timeout, compression). */
type OtlpNodeHttpConfiguration = ReturnType<typeof convertLegacyHttpOptions>;

/** The answer a transport gives the export delegate (otlp-exporter-base's ExportResponse, which it does not export). */
type ExportResponse =
  | { status: 'success'; data?: Uint8Array }
  | { status: 'failure'; error: Error }
  | { status: 'retryable'; retryInMillis?: number; error?: Error };

/** The OTLP specification's retry: at most 5 retries, 1 s growing 1.5x to 5 s (±20 %), or the server's Retry-After. */
const MAX_RETRIES = 5;
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const USER_AGENT = 'lab-telemetry-otlp-fetch';

/** OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE / CLIENT_KEY / CLIENT_CERTIFICATE: TLS files only node:http's agent takes. */
export const OTLP_TLS_FILE_VARIABLES = [
  'OTEL_EXPORTER_OTLP_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_CLIENT_KEY',
  'OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY',
  'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
  'OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE',
];

function retryAfterMillis(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One POST of an OTLP/protobuf request through `fetch` (Node's built-in undici), never traced itself. A network
 * error, a timeout and 429/502/503/504 are retryable (with the server's Retry-After), any other non-2xx a failure.
 */
async function postOnce(
  config: OtlpNodeHttpConfiguration,
  body: Uint8Array,
  timeoutMs: number,
): Promise<ExportResponse> {
  try {
    const headers: Record<string, string> = { ...(await config.headers()), 'User-Agent': USER_AGENT };
    if (config.compression === 'gzip') headers['Content-Encoding'] = 'gzip';
    const response = await context.with(suppressTracing(context.active()), () =>
      fetch(config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) }),
    );
    const data = new Uint8Array(await response.arrayBuffer());
    if (response.ok) return { status: 'success', data };
    if (RETRYABLE_STATUS.has(response.status)) {
      return { status: 'retryable', retryInMillis: retryAfterMillis(response.headers.get('retry-after')) };
    }
    return { status: 'failure', error: new Error(`OTLP export answered ${response.status} ${response.statusText}`) };
  } catch (error) {
    return { status: 'retryable', error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/**
 * The OTLP transport over fetch: the request's body gzipped when OTEL_EXPORTER_OTLP_COMPRESSION=gzip, then sent and
 * retried by a cockatiel policy within the export's timeout.
 */
class FetchTransport {
  constructor(private readonly config: OtlpNodeHttpConfiguration) {}

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const deadline = Date.now() + timeoutMillis;
    const body = this.config.compression === 'gzip' ? new Uint8Array(await promisify(gzip)(data)) : data;
    let nextBackoff = 1_000;
    let outOfTime = false;
    const policy = retry(
      handleWhenResult((result) => (result as ExportResponse).status === 'retryable'),
      {
        maxAttempts: MAX_RETRIES,
        backoff: new DelegateBackoff((attempt) => {
          const last = 'value' in attempt.result ? (attempt.result.value as ExportResponse) : undefined;
          const wait =
            last?.status === 'retryable' && last.retryInMillis !== undefined
              ? last.retryInMillis
              : Math.min(nextBackoff * (0.8 + Math.random() * 0.4), 5_000);
          nextBackoff *= 1.5;
          // A wait past the export's deadline: no retry (the next attempt gives up at once).
          outOfTime = wait > deadline - Date.now();
          return outOfTime ? 0 : wait;
        }),
      },
    );
    let last: ExportResponse | undefined;
    return policy.execute(async () => {
      if (outOfTime && last?.status === 'retryable') {
        return { status: 'failure', error: last.error ?? new Error('OTLP export: no time left for another retry') };
      }
      last = await postOnce(this.config, body, Math.max(deadline - Date.now(), 1));
      return last;
    });
  }

  shutdown(): void {}
}

/**
 * OTLP/HTTP protobuf span exporter over `fetch`, configured like the official one (OTEL_EXPORTER_OTLP_(TRACES_)
 * ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION) and built from its own parts (otlp-exporter-base's delegate and
 * configuration, otlp-transformer's serializer): only the transport differs. Why: the official Node transport sends
 * through node:http, and a process that serves HTTP with Fastify and otherwise sends nothing through node:http's
 * client gets its server-side HTTP and stream code re-optimised for both (V8 deoptimises IncomingMessage,
 * OutgoingMessage, Readable and Socket functions on "wrong map"): measured, that costs crm-sync's Data Action more
 * than all the span work (README, "What telemetry costs").
 */
export class OtlpFetchTraceExporter extends OTLPExporterBase<ReadableSpan[]> {
  constructor() {
    const config = convertLegacyHttpOptions({}, 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' });
    const metrics = new ExporterMetrics<ReadableSpan[]>({
      componentType: 'otlp_http_span_exporter',
      metricsHelper: TraceExporterMetricsHelper,
      url: config.url,
      meterProvider: undefined,
      responseAttributesFromError: () => ({}),
    });
    super(createOtlpNetworkExportDelegate(config, ProtobufTraceSerializer, metrics, new FetchTransport(config)));
    diag.debug(`OTLP span exporter over fetch to ${config.url}`);
  }
}
