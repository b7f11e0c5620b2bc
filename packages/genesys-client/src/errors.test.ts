import { describe, expect, it } from 'vitest';
import { GenesysApiError, GenesysNetworkError, toClientError } from './errors.js';

const endpoint = { method: 'GET', path: '/api/v2/conversations/{conversationId}', family: 'conversations' };
const secretConfig = { headers: { Authorization: 'Bearer super-secret-token' } };

describe('toClientError', () => {
  it('maps an extended SDK rejection to GenesysApiError without the axios error that holds the token', () => {
    const rejection = {
      status: 404,
      statusText: 'Not Found',
      headers: {
        'Inin-Correlation-Id': 'corr-1',
        'inin-ratelimit-count': '3',
        'inin-ratelimit-allowed': '300',
        'inin-ratelimit-reset': '9',
      },
      body: { message: 'Conversation x not found', code: 'not.found', status: 404, contextId: 'corr-1' },
      error: { isAxiosError: true, config: secretConfig },
    };
    const error = toClientError(rejection, endpoint);
    expect(error).toBeInstanceOf(GenesysApiError);
    const api = error as GenesysApiError;
    expect(api).toMatchObject({ status: 404, correlationId: 'corr-1', code: 'not.found' });
    expect(api.headers['inin-correlation-id']).toBe('corr-1');
    expect(api.rateLimit).toMatchObject({ family: 'conversations', remaining: 297 });
    expect(api.message).toBe('GET /api/v2/conversations/{conversationId} answered 404: Conversation x not found');
    expect(JSON.stringify(api)).not.toContain('super-secret-token');
    expect(api.cause).toBeUndefined();
  });

  it('maps an axios error with a response (the token request) and one without (network, timeout)', () => {
    const login = toClientError(
      {
        isAxiosError: true,
        config: secretConfig,
        response: { status: 401, headers: {}, data: { code: 'bad.credentials' } },
      },
      endpoint,
    );
    expect(login).toBeInstanceOf(GenesysApiError);
    expect((login as GenesysApiError).status).toBe(401);

    const timeout = toClientError(
      { isAxiosError: true, config: secretConfig, code: 'ECONNABORTED', message: 'timeout of 300ms exceeded' },
      endpoint,
    );
    expect(timeout).toBeInstanceOf(GenesysNetworkError);
    expect(timeout).toMatchObject({ code: 'ECONNABORTED', timedOut: true });
    const reset = toClientError(
      { isAxiosError: true, config: secretConfig, code: 'ECONNRESET', message: 'socket hang up' },
      endpoint,
    );
    expect(reset).toMatchObject({ code: 'ECONNRESET', timedOut: false });
    expect(JSON.stringify([login, timeout, reset])).not.toContain('super-secret-token');
  });

  it("answers the signal's reason once the caller aborted, and passes the SDK's own errors through", () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(toClientError({ isAxiosError: true, code: 'ERR_CANCELED' }, endpoint, controller.signal)).toBe(reason);
    const sdkError = new Error("Missing the required parameter 'conversationId'");
    expect(toClientError(sdkError, endpoint)).toBe(sdkError);
  });

  it('reads Retry-After', () => {
    const error = new GenesysApiError(endpoint, 429, { 'retry-after': '7' }, {});
    expect(error.retryAfterSeconds).toBe(7);
    expect(new GenesysApiError(endpoint, 500, {}, {}).retryAfterSeconds).toBeUndefined();
  });
});
