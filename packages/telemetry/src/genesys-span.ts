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

/** Response headers as fetch gives them, as Node gives them, or as axios (the Genesys SDK) gives them. */
export type HeaderSource = Headers | Record<string, unknown>;

export interface GenesysResponse {
  status: number;
  headers?: HeaderSource;
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

/** One header, case-insensitively; arrays joined with ", ". */
export function headerValue(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const source =
    typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? ((headers as { toJSON: () => Record<string, unknown> }).toJSON() ?? {})
      : (headers as Record<string, unknown>);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(source)) {
    if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
    return Array.isArray(value) ? value.join(', ') : String(value);
  }
  return undefined;
}

function numberHeader(headers: HeaderSource | undefined, name: string): number | undefined {
  const text = headerValue(headers, name)?.trim();
  const value = text ? Number(text) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Records what the platform answered on `span`: the status, inin-correlation-id, and the caller's budget from
 * inin-ratelimit-count/-allowed/-reset (remaining = allowed - count). No other header is read.
 */
export function recordGenesysResponse(span: Span | undefined, response: GenesysResponse): void {
  if (!span) return;
  span.setAttribute(ATTR.httpStatus, response.status);
  const correlationId = headerValue(response.headers, 'inin-correlation-id');
  if (correlationId) span.setAttribute(ATTR.correlationId, correlationId);
  const count = numberHeader(response.headers, 'inin-ratelimit-count');
  const allowed = numberHeader(response.headers, 'inin-ratelimit-allowed');
  const reset = numberHeader(response.headers, 'inin-ratelimit-reset');
  if (allowed !== undefined) span.setAttribute(ATTR.rateLimitAllowed, allowed);
  if (allowed !== undefined && count !== undefined) {
    span.setAttribute(ATTR.rateLimitRemaining, Math.max(0, allowed - count));
  }
  if (reset !== undefined) span.setAttribute(ATTR.rateLimitReset, reset);
}
