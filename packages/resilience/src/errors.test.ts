import { BrokenCircuitError, BulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import {
  failureReason,
  HttpStatusError,
  headersOf,
  isConnectionError,
  isDependencyFailure,
  isRejection,
  isRetryable,
  RateLimitExceededError,
  statusOf,
  TimeoutError,
} from './errors.js';

const sdkError = (status: number, headers: Record<string, string> = {}) => ({
  status,
  statusText: 'x',
  headers,
  body: { message: 'from the SDK' },
});
const connection = (code: string) => Object.assign(new Error(code), { code });

describe('error classification', () => {
  it('reads status and lower-cased headers from HttpStatusError and from SDK-shaped errors', () => {
    const ours = new HttpStatusError(429, 'slow down', { 'Retry-After': '2', 'ININ-RateLimit-Count': '5' });
    expect(statusOf(ours)).toBe(429);
    expect(ours.headers).toEqual({ 'retry-after': '2', 'inin-ratelimit-count': '5' });
    expect(statusOf(sdkError(503))).toBe(503);
    expect(headersOf(sdkError(503, { 'Retry-After': '7' }))).toEqual({ 'retry-after': '7' });
    expect(statusOf({ statusCode: 502 })).toBe(502);
    expect(statusOf(new Error('plain'))).toBeUndefined();
    expect(statusOf({ status: 'nope' })).toBeUndefined();
  });

  it('recognises connection errors by code, also when wrapped as a cause or in an AggregateError', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']) {
      expect(isConnectionError(connection(code))).toBe(true);
    }
    expect(isConnectionError(new TypeError('fetch failed', { cause: connection('UND_ERR_SOCKET') }))).toBe(true);
    expect(isConnectionError(new AggregateError([connection('ECONNREFUSED')]))).toBe(true);
    expect(isConnectionError(connection('EACCES'))).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
  });

  it('retries only 429, 502, 503, 504, connection errors and our own timeouts', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable(new HttpStatusError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422, 500, 501]) {
      expect(isRetryable(new HttpStatusError(status))).toBe(false);
      expect(isRetryable(sdkError(status))).toBe(false);
    }
    expect(isRetryable(connection('ECONNRESET'))).toBe(true);
    expect(isRetryable(new TimeoutError(3_000))).toBe(true);
    expect(isRetryable(new Error('unknown'))).toBe(false);
  });

  it('counts every failure toward the breaker except 4xx other than 429 and the caller aborting', () => {
    expect(isDependencyFailure(new HttpStatusError(404))).toBe(false);
    expect(isDependencyFailure(sdkError(401))).toBe(false);
    expect(isDependencyFailure(new HttpStatusError(429))).toBe(true);
    expect(isDependencyFailure(new HttpStatusError(500))).toBe(true);
    expect(isDependencyFailure(new TimeoutError(1))).toBe(true);
    expect(isDependencyFailure(connection('ECONNREFUSED'))).toBe(true);
    expect(isDependencyFailure(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(false);
    expect(isDependencyFailure(new TaskCancelledError())).toBe(false);
  });

  it('names rejections and reasons', () => {
    expect(isRejection(new BrokenCircuitError())).toBe(true);
    expect(isRejection(new BulkheadRejectedError(1, 1))).toBe(true);
    expect(isRejection(new RateLimitExceededError('routing', 5))).toBe(true);
    expect(isRejection(new HttpStatusError(503))).toBe(false);
    expect(failureReason(new BrokenCircuitError())).toBe('breaker-open');
    expect(failureReason(new BulkheadRejectedError(1, 1))).toBe('bulkhead-full');
    expect(failureReason(new RateLimitExceededError('routing', 5))).toBe('rate-limited');
    expect(failureReason(new TimeoutError(1))).toBe('timeout');
    expect(failureReason(sdkError(503))).toBe('http-503');
    expect(failureReason(connection('ECONNREFUSED'))).toBe('connection');
    expect(failureReason(new Error('?'))).toBe('error');
  });
});
