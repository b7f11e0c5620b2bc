import { diag } from '@opentelemetry/api';
import { getBooleanFromEnv, getStringFromEnv } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { envDetector, hostDetector, osDetector, serviceInstanceIdDetector } from '@opentelemetry/resources';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { registerEsmHooks } from './esm-hooks.js';
import { REDACTED_QUERY_PARAMS, redactUrl } from './redact.js';

export interface TelemetryOptions {
  /** Replaces the exporters OTEL_TRACES_EXPORTER would choose (tests pass an in-memory exporter here). */
  spanProcessors?: NonNullable<NodeSDKConfiguration['spanProcessors']>;
  /**
   * Register the ESM loader hook so that `import … from 'node:http'` is patched too (default true). Only
   * effective when started before the app's modules load, i.e. from `node --import`.
   */
  esmHook?: boolean;
}

export interface Telemetry {
  /** False when OTEL_SDK_DISABLED=true: nothing was started. */
  readonly enabled: boolean;
  /** Ends the SDK, flushing buffered spans. Idempotent; never rejects (failures go to the OTel diag log). */
  shutdown(): Promise<void>;
}

/** Health checks and scrapes: never traced, they would drown the traces that matter. */
const UNTRACED_PATHS = /^\/(metrics|healthz?|readyz?|livez?)(\/|\?|$)/;

/** HTTP server/client and fetch (undici) instrumentation, configured never to record headers. */
export function createInstrumentations() {
  const none = { requestHeaders: [], responseHeaders: [] };
  return [
    new HttpInstrumentation({
      headersToSpanAttributes: { client: none, server: none },
      redactedQueryParams: REDACTED_QUERY_PARAMS,
      redactedQueryParamsServer: REDACTED_QUERY_PARAMS,
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
    }),
    new UndiciInstrumentation({
      headersToSpanAttributes: none,
      // undici records url.full as given; these replace it with the secret query parameters redacted.
      startSpanHook: (request) => {
        const full = redactUrl(`${request.origin}${request.path}`);
        const query = full.indexOf('?');
        return { 'url.full': full, 'url.query': query === -1 ? '' : full.slice(query) };
      },
    }),
  ];
}

/**
 * Starts the OpenTelemetry Node SDK, configured by the standard OTEL_* variables (OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER, …).
 * Traces only: metrics go through prom-client and logs through pino, so the SDK's metric and log pipelines stay
 * off. The `process` resource detector is left out by default (it records the command line, which may carry a
 * secret); OTEL_NODE_RESOURCE_DETECTORS overrides that choice.
 */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  if (getBooleanFromEnv('OTEL_SDK_DISABLED')) return { enabled: false, shutdown: async () => {} };
  if (options.esmHook !== false) registerEsmHooks();
  const sdk = new NodeSDK({
    instrumentations: createInstrumentations(),
    metricReaders: [],
    logRecordProcessors: [],
    resourceDetectors: getStringFromEnv('OTEL_NODE_RESOURCE_DETECTORS')
      ? undefined
      : [serviceInstanceIdDetector, hostDetector, osDetector, envDetector],
    ...(options.spanProcessors && { spanProcessors: options.spanProcessors }),
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      stopping ??= sdk.shutdown().catch((error: unknown) => diag.error('telemetry shutdown failed', error));
      return stopping;
    },
  };
}
