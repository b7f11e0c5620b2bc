import { plainHeaders } from './headers.js';
import { type RateLimit, rateLimitFrom } from './rate-limit.js';

/** Which call failed: the SDK's path template (ids left out, so no data leaks into messages or labels). */
export interface Endpoint {
  method: string;
  path: string;
  family: string;
}

/**
 * The platform answered with an error status. Carries the response only (never the request, so no Authorization
 * header): status, lowercase headers, the Genesys error body, its correlation id and the rate-limit headers.
 */
export class GenesysApiError extends Error {
  override readonly name = 'GenesysApiError';
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly correlationId: string | undefined;
  readonly rateLimit: RateLimit | undefined;
  readonly endpoint: Endpoint;

  constructor(endpoint: Endpoint, status: number, headers: Record<string, string>, body: unknown) {
    const described = bodyField(body, 'message');
    super(`${endpoint.method} ${endpoint.path} answered ${status}${described ? `: ${described}` : ''}`);
    this.endpoint = endpoint;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.correlationId = headers['inin-correlation-id'] ?? bodyField(body, 'contextId');
    this.rateLimit = rateLimitFrom(headers, endpoint.family);
  }

  /** The Genesys error code ("not.found", "too.many.requests.retry.after", ...), when the body has one. */
  get code(): string | undefined {
    return bodyField(this.body, 'code');
  }

  /** Retry-After in seconds (429 and 503), when sent. */
  get retryAfterSeconds(): number | undefined {
    const value = Number(this.headers['retry-after']);
    return this.headers['retry-after'] !== undefined && Number.isFinite(value) ? value : undefined;
  }
}

/** No HTTP answer: connection refused or reset, or the per-request timeout (`timedOut`). */
export class GenesysNetworkError extends Error {
  override readonly name = 'GenesysNetworkError';

  constructor(
    readonly endpoint: Endpoint,
    /** The socket or axios error code: ECONNREFUSED, ECONNRESET, ECONNABORTED, ETIMEDOUT, ... */
    readonly code: string,
    readonly timedOut: boolean,
    detail: string,
  ) {
    super(`${endpoint.method} ${endpoint.path} failed without an answer (${code}): ${detail}`);
  }
}

/**
 * Turns what the SDK rejected with into one of our errors. The SDK's rejections hold the axios error, whose
 * `config.headers` carry the bearer token (or, for the token request, the Basic credentials): nothing of it is
 * kept but status, response headers, body, code and message.
 */
export function toClientError(rejection: unknown, endpoint: Endpoint, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (rejection === null || typeof rejection !== 'object') return rejection;
  const value = rejection as Record<string, unknown>;
  // Extended response (API calls): {status, headers, body, error}.
  if (typeof value.status === 'number' && 'body' in value) {
    return new GenesysApiError(endpoint, value.status, plainHeaders(value.headers), value.body);
  }
  if (value.isAxiosError !== true) return rejection; // e.g. the SDK's own "Missing the required parameter" Error
  const response = value.response as Record<string, unknown> | undefined;
  if (response && typeof response.status === 'number') {
    return new GenesysApiError(endpoint, response.status, plainHeaders(response.headers), response.data);
  }
  const code = typeof value.code === 'string' ? value.code : 'UNKNOWN';
  const message = typeof value.message === 'string' ? value.message : 'request failed';
  const timedOut = code === 'ETIMEDOUT' || (code === 'ECONNABORTED' && message.includes('timeout'));
  return new GenesysNetworkError(endpoint, code, timedOut, message);
}

function bodyField(body: unknown, field: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}
