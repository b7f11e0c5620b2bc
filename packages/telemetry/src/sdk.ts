import { context, DiagConsoleLogger, diag, propagation, type TextMapPropagator, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  diagLogLevelFromString,
  getBooleanFromEnv,
  getNumberFromEnv,
  getStringFromEnv,
  getStringListFromEnv,
  isTracingSuppressed,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  type ResourceDetector,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  type Sampler,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { registerEsmHooks } from './esm-hooks.js';
import { OTLP_TLS_FILE_VARIABLES, OtlpFetchTraceExporter } from './otlp-fetch-exporter.js';
import { RateLimitingSampler } from './rate-limiting-sampler.js';
import { REDACTED_QUERY_PARAMS, redactUrl } from './redact.js';
import { NEVER_RECORDS, type RootTraceGate, rootTraceMayRecord, setRootTraceGate } from './root-trace-gate.js';

export interface TelemetryOptions {
  /** Replaces the exporters OTEL_TRACES_EXPORTER would choose (tests pass an in-memory exporter here). */
  spanProcessors?: SpanProcessor[];
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

/**
 * Outbound HTTP only: node:http/https clients (the Genesys SDK's axios) and fetch (undici), configured never to
 * record headers. Inbound requests get their server span from `traceServerRequests` (server-spans.ts), one Fastify
 * hook pair: the http instrumentation's server side re-binds every request and response emitter to the context,
 * which cost crm-sync more CPU per request than the request itself.
 */
export function createInstrumentations() {
  const none = { requestHeaders: [], responseHeaders: [] };
  // The instrumentations step aside entirely where tracing is suppressed (the OTLP exporter's own requests), and where
  // no span is active and a root trace started now would not be recorded (the outbound calls of a request the fast
  // path of server-spans.ts passed over, or of a background job past the budget): otherwise the http
  // instrumentation still makes a no-op span and re-binds the request's and response's emitters to the context.
  const suppressed = () => {
    const active = context.active();
    return isTracingSuppressed(active) || (trace.getSpan(active) === undefined && !rootTraceMayRecord());
  };
  return [
    new HttpInstrumentation({
      ignoreOutgoingRequestHook: suppressed,
      disableIncomingRequestInstrumentation: true,
      headersToSpanAttributes: { client: none, server: none },
      redactedQueryParams: REDACTED_QUERY_PARAMS,
    }),
    new UndiciInstrumentation({
      ignoreRequestHook: suppressed,
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

/** Traces per second a process starts by itself under the default sampler (OTEL_TRACES_SAMPLER_ARG overrides). */
export const DEFAULT_ROOT_TRACES_PER_SECOND = 10;

/** The sampler OTEL_TRACES_SAMPLER asks for, and the root trace gate that answers for it without sampling. */
interface SamplerChoice {
  sampler: Sampler;
  /** Undefined: the sampler cannot say ahead of time, so every request asks it. */
  gate?: RootTraceGate;
}

/**
 * OTEL_TRACES_SAMPLER (+ _ARG): the specification's names, plus `ratelimiting` and `parentbased_ratelimiting` (ARG:
 * traces per second). The default here is `parentbased_ratelimiting` at DEFAULT_ROOT_TRACES_PER_SECOND: every trace
 * a caller asked for (a sampled traceparent, as k6 and the other services send) and every child of a sampled span
 * is kept; of the traces that start in this process, at most that many per second.
 */
function samplerFromEnv(): SamplerChoice {
  const name = getStringFromEnv('OTEL_TRACES_SAMPLER') ?? 'parentbased_ratelimiting';
  const ratio = () => {
    const arg = getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG');
    return arg !== undefined && arg >= 0 && arg <= 1 ? arg : 1;
  };
  const perSecond = () => {
    const arg = getNumberFromEnv('OTEL_TRACES_SAMPLER_ARG');
    return arg !== undefined && arg >= 0 ? arg : DEFAULT_ROOT_TRACES_PER_SECOND;
  };
  const rateLimited = (perSecondValue: number, parentBased: boolean): SamplerChoice => {
    const root = new RateLimitingSampler(perSecondValue);
    return { sampler: parentBased ? new ParentBasedSampler({ root }) : root, gate: () => root.hasBudget() };
  };
  switch (name) {
    case 'ratelimiting':
      return rateLimited(perSecond(), false);
    case 'parentbased_ratelimiting':
      return rateLimited(perSecond(), true);
    case 'always_on':
      return { sampler: new AlwaysOnSampler() };
    case 'always_off':
      return { sampler: new AlwaysOffSampler(), gate: NEVER_RECORDS };
    case 'traceidratio':
      return { sampler: new TraceIdRatioBasedSampler(ratio()) };
    case 'parentbased_always_on':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) };
    case 'parentbased_always_off':
      return { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }), gate: NEVER_RECORDS };
    case 'parentbased_traceidratio':
      return { sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) }) };
    default:
      diag.error(`unknown OTEL_TRACES_SAMPLER "${name}": using parentbased_ratelimiting`);
      return rateLimited(DEFAULT_ROOT_TRACES_PER_SECOND, true);
  }
}

/**
 * OTLP/HTTP protobuf goes out through fetch (otlp-fetch-exporter.ts) unless LAB_OTLP_HTTP_TRANSPORT=node-http asks
 * for the official exporter's node:http transport, or a TLS file variable (a CA or a client certificate, which only
 * its node:http agent takes) is set.
 */
export function otlpProtobufOverFetch(): boolean {
  const transport = getStringFromEnv('LAB_OTLP_HTTP_TRANSPORT') ?? 'fetch';
  if (transport !== 'fetch' && transport !== 'node-http') {
    diag.warn(`unsupported LAB_OTLP_HTTP_TRANSPORT "${transport}" (fetch, node-http): using fetch`);
  }
  return transport !== 'node-http' && !OTLP_TLS_FILE_VARIABLES.some((name) => getStringFromEnv(name));
}

/**
 * OTEL_TRACES_EXPORTER (otlp by default, console, none) and OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL (http/protobuf by
 * default, http/json, grpc). Only the exporter asked for is loaded: the JSON and gRPC ones (gRPC brings
 * @grpc/grpc-js) on demand.
 */
async function spanProcessorsFromEnv(): Promise<SpanProcessor[]> {
  const names = new Set(getStringListFromEnv('OTEL_TRACES_EXPORTER') ?? []);
  if (names.size === 0) names.add('otlp');
  if (names.has('none')) return [];
  const batch = (exporter: SpanExporter) =>
    new BatchSpanProcessor({
      exporter,
      maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
      scheduledDelayMillis: getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY'),
      exportTimeoutMillis: getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT'),
    });
  const processors: SpanProcessor[] = [];
  for (const name of names) {
    if (name === 'console') {
      processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    } else if (name === 'otlp') {
      const protocol =
        (getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL')) ||
        'http/protobuf';
      if (protocol === 'grpc') {
        const { OTLPTraceExporter: Grpc } = await import('@opentelemetry/exporter-trace-otlp-grpc');
        processors.push(batch(new Grpc()));
      } else if (protocol === 'http/json') {
        const { OTLPTraceExporter: Json } = await import('@opentelemetry/exporter-trace-otlp-http');
        processors.push(batch(new Json()));
      } else {
        if (protocol !== 'http/protobuf') diag.warn(`unsupported OTLP protocol "${protocol}": using http/protobuf`);
        processors.push(batch(otlpProtobufOverFetch() ? new OtlpFetchTraceExporter() : new OTLPTraceExporter()));
      }
    } else {
      diag.warn(`unsupported OTEL_TRACES_EXPORTER "${name}" (otlp, console, none)`);
    }
  }
  return processors;
}

/**
 * The resource detectors: by default service.instance.id, host, os and OTEL_SERVICE_NAME/OTEL_RESOURCE_ATTRIBUTES
 * (`serviceinstance,host,os,env`). The `process` detector is left out by default because it records the command
 * line, which may carry a secret; OTEL_NODE_RESOURCE_DETECTORS (those names, `all`, `none`) overrides the choice.
 */
function resourceDetectorsFromEnv(): ResourceDetector[] {
  const byName: Record<string, ResourceDetector[]> = {
    serviceinstance: [serviceInstanceIdDetector],
    service: [serviceInstanceIdDetector, envDetector],
    host: [hostDetector],
    os: [osDetector],
    env: [envDetector],
    process: [processDetector],
  };
  const names = getStringListFromEnv('OTEL_NODE_RESOURCE_DETECTORS') ?? ['serviceinstance', 'host', 'os', 'env'];
  if (names.includes('none')) return [];
  const chosen = names.includes('all') ? Object.keys(byName) : names;
  const detectors = new Set<ResourceDetector>();
  for (const name of chosen) {
    const found = byName[name];
    if (!found) diag.warn(`unknown resource detector "${name}" in OTEL_NODE_RESOURCE_DETECTORS`);
    for (const detector of found ?? []) detectors.add(detector);
  }
  return [...detectors];
}

/** OTEL_PROPAGATORS: tracecontext and baggage (the default: both), or none. */
function propagatorFromEnv(): TextMapPropagator | undefined {
  const names = getStringListFromEnv('OTEL_PROPAGATORS') ?? ['tracecontext', 'baggage'];
  if (names.includes('none')) return undefined;
  const propagators: TextMapPropagator[] = [];
  for (const name of new Set(names)) {
    if (name === 'tracecontext') propagators.push(new W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new W3CBaggagePropagator());
    else diag.warn(`unsupported propagator "${name}" in OTEL_PROPAGATORS (tracecontext, baggage, none)`);
  }
  return new CompositePropagator({ propagators });
}

/**
 * Starts tracing, configured by the standard OTEL_* variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT,
 * OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_EXPORTER, OTEL_TRACES_SAMPLER, OTEL_BSP_*, …). Traces only: metrics go
 * through prom-client and logs through pino, so this is the trace SDK (@opentelemetry/sdk-trace's TracerProvider
 * and BatchSpanProcessor, the OTLP exporter, the AsyncLocalStorage context manager, W3C propagation) and the two
 * outbound instrumentations, not @opentelemetry/sdk-node, which loads every signal's exporters (gRPC included).
 */
export async function startTelemetry(options: TelemetryOptions = {}): Promise<Telemetry> {
  if (getBooleanFromEnv('OTEL_SDK_DISABLED')) {
    setRootTraceGate(NEVER_RECORDS);
    return { enabled: false, shutdown: async () => {} };
  }
  if (options.esmHook !== false) registerEsmHooks();
  const logLevel = getStringFromEnv('OTEL_LOG_LEVEL');
  if (logLevel) diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(logLevel) });

  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const propagator = propagatorFromEnv();
  if (propagator) propagation.setGlobalPropagator(propagator);
  const spanProcessors = options.spanProcessors ?? (await spanProcessorsFromEnv());
  // OTEL_TRACES_EXPORTER=none: no tracer provider at all (as the Node SDK does), but the context still propagates.
  if (spanProcessors.length === 0) {
    setRootTraceGate(NEVER_RECORDS);
    return { enabled: true, shutdown: async () => {} };
  }

  const resource = defaultResource().merge(detectResources({ detectors: resourceDetectorsFromEnv() }));
  const { sampler, gate } = samplerFromEnv();
  const provider = new TracerProvider({
    resource,
    sampler,
    spanProcessors,
    spanLimits: {
      attributeCountLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT'),
      attributeValueLengthLimit: getNumberFromEnv('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT'),
      eventCountLimit: getNumberFromEnv('OTEL_SPAN_EVENT_COUNT_LIMIT'),
    },
  });
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({ instrumentations: createInstrumentations(), tracerProvider: provider });
  setRootTraceGate(gate);

  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      setRootTraceGate(undefined);
      stopping ??= provider.shutdown().catch((error: unknown) => diag.error('telemetry shutdown failed', error));
      return stopping;
    },
  };
}
