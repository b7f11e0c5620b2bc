import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { TRACER_NAME } from './genesys-span.js';
import { redactUrl } from './redact.js';
import { rootTraceMayRecord } from './root-trace-gate.js';

/** Health checks and scrapes: never traced, they would drown the traces that matter. */
export const UNTRACED_PATHS = /^\/(metrics|healthz?|readyz?|livez?)(\/|\?|$)/;

/** The request's server span and the context that holds it (null: a path never traced, or already ended). */
const SERVER_SPAN = Symbol('lab.serverSpan');
interface ServerSpan {
  /** Undefined for a request passed over by the fast path (UNTRACED). */
  span: Span | undefined;
  context: Context;
}
type TracedRequest = FastifyRequest & { [SERVER_SPAN]: ServerSpan | null };

/**
 * A request that no caller traced (none of the propagator's headers: traceparent, tracestate, baggage) arriving when
 * the root sampler's budget is spent: no span, nothing extracted, and no context of its own. Its handler runs in the
 * ambient (root) context, without an AsyncLocalStorage frame: a frame makes every promise continuation of the
 * request carry and restore it, the largest part of what this path still cost in the profile (about 2 µs of a
 * Data Action cache hit's ~55; telemetry README, 2026-12-03). What the handler calls decides by the same budget: the
 * outbound instrumentations step aside while there is no span and the gate says no (sdk.ts), so nothing is recorded
 * and no traceparent is sent on, and a downstream service decides by its own budget. Same shape as a traced
 * request's entry (span, context), so the reads below stay monomorphic.
 */
const UNTRACED: ServerSpan = { span: undefined, context: ROOT_CONTEXT };

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

/**
 * One SERVER span per inbound request of a Fastify app, by the stable HTTP semantic conventions, as the child of the
 * caller's `traceparent` (W3C propagation, so a k6 or Genesys trace continues here). The span is started in
 * `onRequest`, ended in `onResponse` (or when the client goes away), and active while the route handler runs, so
 * what the handler and the resilience policies record (`trace.getActiveSpan()`, subscribeSpans) lands on it.
 * Scrapes and probes (UNTRACED_PATHS) are not traced, and neither, at no cost, is a request without traceparent or
 * baggage once the root sampler's budget is spent (the fast path, see UNTRACED and root-trace-gate.ts): its handler
 * runs in the ambient context, not in one of its own. Register it
 * before the routes (an `onRoute` hook wraps each handler). This replaces the http instrumentation's server side, which re-binds every request and response
 * emitter to the context: two hooks and one `context.with` per request instead.
 */
export function traceServerRequests(app: FastifyInstance): void {
  const tracer = trace.getTracer(TRACER_NAME);
  let carrierFields: string[] | undefined;
  app.decorateRequest(SERVER_SPAN, null);

  // Kept small, and the traced work in a function of its own (startServerSpan), so that V8 optimises the untraced
  // path, nearly every request of a flood, without the traced one's code and call feedback.
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.url;
    if (UNTRACED_PATHS.test(url)) return done();
    const headers = request.headers;
    // The propagator's own header names (traceparent, tracestate, baggage by default), read at the first request,
    // when the SDK (started before the app by --import) has set the propagator.
    carrierFields ??= propagation.fields();
    (request as TracedRequest)[SERVER_SPAN] =
      carriesAny(headers, carrierFields) || rootTraceMayRecord() ? startServerSpan(tracer, request, url) : UNTRACED;
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    endServerSpan(request as TracedRequest, reply.statusCode);
    done();
  });
  // A client that went away before the answer: no onResponse follows.
  app.addHook('onRequestAbort', (request, done) => {
    endServerSpan(request as TracedRequest, undefined);
    done();
  });

  app.addHook('onRoute', (route) => {
    const handler = route.handler as (...args: unknown[]) => unknown;
    route.handler = function tracedHandler(this: unknown, request, reply) {
      const traced = (request as TracedRequest)[SERVER_SPAN];
      return traced?.span
        ? context.with(traced.context, handler, this, request, reply)
        : handler.call(this, request, reply);
    } as RouteHandlerMethod;
  });
}

/** Whether any of the propagator's header names is present (a loop: no closure per request). */
function carriesAny(headers: FastifyRequest['headers'], fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    if (headers[fields[i] as string] !== undefined) return true;
  }
  return false;
}

/** The SERVER span of a request the caller traced or the root budget allows, and the context that holds it. */
function startServerSpan(tracer: Tracer, request: FastifyRequest, url: string): ServerSpan {
  const headers = request.headers;
  const method = METHODS.has(request.method) ? request.method : '_OTHER';
  const route = request.routeOptions.url;
  const queryAt = url.indexOf('?');
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const span = tracer.startSpan(
    route ? `${method} ${route}` : method,
    { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: path } },
    parent,
  );
  // The rest only for a span that is kept: most requests of a flood of untraced ones are not sampled.
  if (span.isRecording()) {
    span.setAttributes({
      [ATTR_URL_SCHEME]: request.protocol,
      [ATTR_SERVER_ADDRESS]: request.hostname,
      [ATTR_CLIENT_ADDRESS]: request.ip,
      [ATTR_NETWORK_PROTOCOL_VERSION]: request.raw.httpVersion,
      ...(request.port !== null && { [ATTR_SERVER_PORT]: request.port }),
      ...(route && { [ATTR_HTTP_ROUTE]: route }),
      ...(queryAt !== -1 && { [ATTR_URL_QUERY]: redactedQuery(url.slice(queryAt)) }),
      ...(headers['user-agent'] && { [ATTR_USER_AGENT_ORIGINAL]: headers['user-agent'] }),
    });
  }
  return { span, context: trace.setSpan(parent, span) };
}

/**
 * Runs `fn` with the request's server span active (e.g. an error handler, which Fastify calls outside the route
 * handler, so that its log line carries the trace id).
 */
export function inRequestContext<T>(request: FastifyRequest, fn: () => T): T {
  const traced = (request as TracedRequest)[SERVER_SPAN];
  return traced?.span ? context.with(traced.context, fn) : fn();
}

function endServerSpan(request: TracedRequest, status: number | undefined): void {
  const span = request[SERVER_SPAN]?.span;
  request[SERVER_SPAN] = null;
  if (!span) return;
  if (status === undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
  } else {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}

/** `?a=1&token=x` with the secret parameters redacted (REDACTED_QUERY_PARAMS), as recorded on client spans. */
function redactedQuery(query: string): string {
  const redacted = redactUrl(`http://query${query}`);
  const at = redacted.indexOf('?');
  return at === -1 ? '' : redacted.slice(at);
}
