import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Level, type Logger, pino, stdSerializers } from 'pino';
import { REDACTED, scrubSerializedJson, scrubValue } from './redact.js';

export interface LoggerOptions {
  /** The app's name, on every line as `service`. */
  service: string;
  level?: Level | 'silent';
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

/** Known places of credentials, removed by pino itself (a second line of defence behind scrubValue). */
export const REDACT_PATHS = [
  'authorization',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'clientSecret',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.password',
  '*.token',
  '*.access_token',
  '*.client_secret',
  '*.clientSecret',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** trace_id and span_id of the active span, so that a log line leads to its trace in Jaeger. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** A standard pino serializer whose output is scrubbed; values scrubValue already made plain pass through. */
const scrubbed =
  <T>(serialize: (value: T) => unknown) =>
  (value: T) =>
    value !== null && typeof value === 'object' && Object.getPrototypeOf(value) !== Object.prototype
      ? scrubValue(serialize(value))
      : value;

/**
 * A pino logger whose lines carry `service`, and `trace_id`/`span_id` when a span is active. Secrets never reach
 * a line, in three layers: the logged object is scrubbed (scrubValue: secret-looking keys, "Bearer …"/"Basic …",
 * token=…), pino's `redact` removes the known paths, and each finished line gets a last pass (the formatted
 * message and child bindings, which pino does not run through formatters.log).
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service, pid: process.pid },
    mixin: traceFields,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      err: scrubbed(stdSerializers.err),
      req: scrubbed(stdSerializers.req),
      res: scrubbed(stdSerializers.res),
    },
    formatters: {
      log: (object) => scrubValue(object) as Record<string, unknown>,
      bindings: (bindings) => scrubValue(bindings) as Record<string, unknown>,
    },
    hooks: { streamWrite: scrubSerializedJson },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
