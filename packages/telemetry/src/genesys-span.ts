import { type Attributes, context, createContextKey, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR } from './attributes.js';
import { scrubString } from './redact.js';

export const TRACER_NAME = '@lab/telemetry';

/** Where withGenesysSpan keeps the API family in the active context; the metrics subscriber labels calls with it. */
export const FAMILY_CONTEXT_KEY = createContextKey('lab.genesys.family');

export interface GenesysSpanOptions {
  /** Genesys API family ("routing", "analytics", ...). */
  family: string;
  /** Set when the call concerns one conversation. */
  conversationId?: string;
  attributes?: Attributes;
}

/** What the platform answered, as the Genesys client reports it (a response or a GenesysApiError). */
export interface GenesysResponse {
  status: number;
  /** inin-correlation-id. */
  correlationId?: string | undefined;
}

/**
 * Runs `fn` inside a span named `name` for one Genesys call (all its attempts). The span is active while `fn`
 * runs, so HTTP spans become its children and ResilienceEvents land on it (see subscribeSpans). A throw marks
 * the span as an error, with the message scrubbed of credentials.
 */
export function withGenesysSpan<T>(
  name: string,
  options: GenesysSpanOptions,
  fn: (span: Span) => Promise<T> | T,
): Promise<T> {
  const attributes: Attributes = { [ATTR.family]: options.family, ...options.attributes };
  if (options.conversationId) attributes[ATTR.conversationId] = options.conversationId;
  const parent = context.active().setValue(FAMILY_CONTEXT_KEY, options.family);
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks `span` as failed by `error`, keeping credentials out of the recorded message and stack. */
export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  const message = scrubString(failure.message);
  span.recordException({
    name: failure.name,
    message,
    ...(failure.stack && { stack: scrubString(failure.stack) }),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * Records what the platform answered on `span`: the status and the correlation id. The budget
 * (`genesys.ratelimit.*`) is not read here: the Genesys client parses inin-ratelimit-* once and emits
 * `rate-limit-headers`, which subscribeSpans puts on the active span.
 */
export function recordGenesysResponse(span: Span | undefined, response: GenesysResponse): void {
  if (!span) return;
  span.setAttribute(ATTR.httpStatus, response.status);
  if (response.correlationId) span.setAttribute(ATTR.correlationId, response.correlationId);
}
