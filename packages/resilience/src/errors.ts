import { isBrokenCircuitError, isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';

/** What every policy wraps: one request to a dependency, cancelled through `signal`; a failing call throws. */
export type Call<T> = (signal: AbortSignal) => Promise<T>;

/** Response headers, names in lower case. */
export type Headers = Record<string, string>;

/**
 * The error contract for HTTP answers other than 2xx: a `status` and optional `headers`. Policies also accept any
 * object with a numeric `status` (the Genesys SDK's extended error `{status, headers, body}`), see `statusOf`.
 */
export class HttpStatusError extends Error {
  readonly headers: Headers;

  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
    headers: Record<string, string | undefined> = {},
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'HttpStatusError';
    this.headers = lowerCaseHeaders(headers);
  }
}

/** Our own per-call timeout fired (the request was aborted through its signal). */
export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`call timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** The org-wide rate budget had no room within the caller's maximum wait. */
export class RateLimitExceededError extends Error {
  constructor(
    readonly family: string,
    readonly waitMs: number,
  ) {
    super(`rate budget of "${family}" exhausted: next slot in ${waitMs} ms, beyond the maximum wait`);
    this.name = 'RateLimitExceededError';
  }
}

/** Node, undici and axios error codes of a connection that failed or broke (no HTTP answer). */
export const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  // axios (the Genesys SDK's HTTP client) when no answer came
  'ERR_NETWORK',
]);

/** Statuses worth another attempt: rate limited, bad gateway, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

export function lowerCaseHeaders(headers: Record<string, unknown>): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** The HTTP status an error carries (`status`, or `statusCode` as some clients name it), if any. */
export function statusOf(error: unknown): number | undefined {
  const e = record(error);
  const status = e?.status ?? e?.statusCode;
  return typeof status === 'number' && status >= 100 && status <= 599 ? status : undefined;
}

/** The response headers an error carries, names in lower case. */
export function headersOf(error: unknown): Headers | undefined {
  const headers = record(record(error)?.headers);
  return headers ? lowerCaseHeaders(headers) : undefined;
}

/** A connection-level failure: the error's code, or its `cause`'s (fetch wraps them), is a known socket code. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  const e = record(error);
  if (!e || depth > 3) return false;
  if (typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  return isConnectionError(e.cause, depth + 1);
}

export const isTimeout = (error: unknown): error is TimeoutError => error instanceof TimeoutError;

/** Refused by our own policies before reaching the dependency: open breaker, full bulkhead, no rate budget. */
export function isRejection(error: unknown): boolean {
  return isBrokenCircuitError(error) || isBulkheadRejectedError(error) || error instanceof RateLimitExceededError;
}

/** The dependency answered that the request itself is wrong (4xx other than 429): not a dependency failure. */
export function isClientError(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

/** The caller gave up (its own AbortSignal; axios names it CanceledError), which says nothing of the dependency. */
export function isCallerAbort(error: unknown): boolean {
  const name = record(error)?.name;
  return name === 'AbortError' || name === 'CanceledError' || isTaskCancelledError(error);
}

/**
 * Worth another attempt: 429/502/503/504, connection errors, and our own timeout (a slow answer is treated as a
 * transient failure, like a reset connection).
 */
export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return RETRYABLE_STATUSES.has(status);
  return isConnectionError(error) || isTimeout(error);
}

/**
 * Counts toward a circuit breaker and allows stale values and fallbacks: every failure except client errors
 * (4xx other than 429) and the caller's own abort. Unknown errors count: better to trip than to hammer.
 */
export function isDependencyFailure(error: unknown): boolean {
  return !isClientError(error) && !isCallerAbort(error);
}

/**
 * Counts toward a circuit breaker: a dependency failure, but not our own refusal to call for want of rate budget
 * (the org limit sits inside the breaker, per attempt, and says nothing of the dependency's health).
 */
export function countsTowardBreaker(error: unknown): boolean {
  return isDependencyFailure(error) && !(error instanceof RateLimitExceededError);
}

/** A short, label-friendly reason: breaker-open, bulkhead-full, rate-limited, timeout, connection, http-503, error. */
export function failureReason(error: unknown): string {
  if (isBrokenCircuitError(error)) return 'breaker-open';
  if (isBulkheadRejectedError(error)) return 'bulkhead-full';
  if (error instanceof RateLimitExceededError) return 'rate-limited';
  if (isTimeout(error)) return 'timeout';
  const status = statusOf(error);
  if (status !== undefined) return `http-${status}`;
  if (isConnectionError(error)) return 'connection';
  return 'error';
}
