// Request helpers: JSON in and out, a traceparent on every request, and tags that name the call, so that
// thresholds and the k6 dashboard can split by `call`.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { newTrace } from './trace.ts';

export interface CallOptions {
  /** Names the call in metrics (`http_req_duration{call:...}`). */
  call: string;
  headers?: Record<string, string>;
  timeout?: string;
  /** Status codes that are an expected answer, not a failure (k6's http_req_failed). Default 200-399. */
  expected?: number[];
}

export type Response = RefinedResponse<ResponseType | undefined>;

function params(options: CallOptions) {
  const trace = newTrace();
  return {
    trace,
    params: {
      headers: { 'content-type': 'application/json', traceparent: trace.traceparent, ...options.headers },
      tags: { call: options.call },
      timeout: options.timeout ?? '30s',
      ...(options.expected ? { responseCallback: http.expectedStatuses(...options.expected) } : {}),
    },
  };
}

/** POST a JSON body; answers the response and the trace id it carried. */
export function postJson(url: string, body: unknown, options: CallOptions): { response: Response; traceId: string } {
  const { trace, params: p } = params(options);
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return { response: http.post(url, payload, p), traceId: trace.traceId };
}

export function getJson(url: string, options: CallOptions): { response: Response; traceId: string } {
  const { trace, params: p } = params(options);
  return { response: http.get(url, p), traceId: trace.traceId };
}

/** The body as JSON, or undefined when it is not JSON (a timeout, a reset, an HTML error page). */
export function jsonOf<T>(response: Response): T | undefined {
  try {
    return typeof response.body === 'string' ? (JSON.parse(response.body) as T) : undefined;
  } catch {
    return undefined;
  }
}
