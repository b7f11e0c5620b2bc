import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { FAMILY_CONTEXT_KEY, headerValue, recordGenesysResponse, withGenesysSpan } from './genesys-span.js';

const tracing = startInMemoryTracing();
afterAll(() => tracing.shutdown());
beforeEach(() => tracing.reset());

describe('withGenesysSpan', () => {
  it('records family and conversation, is active inside fn, and ends when fn resolves', async () => {
    const result = await withGenesysSpan(
      'genesys.get_conversation',
      { family: 'conversations', conversationId: 'c-1' },
      async (span) => {
        expect(trace.getActiveSpan()).toBe(span);
        expect(context.active().getValue(FAMILY_CONTEXT_KEY)).toBe('conversations');
        await new Promise((resolve) => setTimeout(resolve, 1));
        expect(trace.getActiveSpan()).toBe(span);
        return 42;
      },
    );
    expect(result).toBe(42);
    const span = await tracing.span('genesys.get_conversation');
    expect(span.attributes).toMatchObject({ 'genesys.conversation_id': 'c-1', 'genesys.api_family': 'conversations' });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('leaves genesys.conversation_id out when the call concerns no conversation', async () => {
    await withGenesysSpan('genesys.list_queues', { family: 'routing' }, () => 'ok');
    expect((await tracing.span('genesys.list_queues')).attributes).not.toHaveProperty('genesys.conversation_id');
  });

  it('marks a failure as an error with the credentials scrubbed from message and stack, and rethrows', async () => {
    const failure = withGenesysSpan('genesys.fails', { family: 'users' }, () => {
      throw new Error('401 with Authorization: Bearer SECRET9');
    });
    await expect(failure).rejects.toThrow('SECRET9');
    const span = await tracing.span('genesys.fails');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(JSON.stringify({ status: span.status, events: span.events })).not.toContain('SECRET9');
    expect(span.events[0]?.name).toBe('exception');
  });
});

describe('recordGenesysResponse', () => {
  it('reads status, correlation id and the rate-limit budget from fetch Headers', async () => {
    await withGenesysSpan('genesys.fetch', { family: 'routing' }, (span) => {
      const headers = new Headers({
        'inin-correlation-id': 'corr-1',
        'inin-ratelimit-count': '12',
        'inin-ratelimit-allowed': '300',
        'inin-ratelimit-reset': '41',
        authorization: 'Bearer NOT_RECORDED',
      });
      recordGenesysResponse(span, { status: 200, headers });
    });
    const { attributes } = await tracing.span('genesys.fetch');
    expect(attributes).toMatchObject({
      'http.response.status_code': 200,
      'genesys.correlation_id': 'corr-1',
      'genesys.ratelimit.remaining': 288,
      'genesys.ratelimit.allowed': 300,
      'genesys.ratelimit.reset': 41,
    });
    expect(JSON.stringify(attributes)).not.toContain('NOT_RECORDED');
  });

  it('reads Node and axios-style header objects case-insensitively and skips malformed numbers', async () => {
    const axiosLike = { toJSON: () => ({ 'ININ-Correlation-Id': 'corr-2', 'inin-ratelimit-allowed': 'many' }) };
    expect(headerValue(axiosLike, 'inin-correlation-id')).toBe('corr-2');
    expect(headerValue({ 'set-cookie': ['a', 'b'] }, 'Set-Cookie')).toBe('a, b');
    await withGenesysSpan('genesys.axios', { family: 'users' }, (span) => {
      recordGenesysResponse(span, { status: 429, headers: axiosLike });
    });
    const { attributes } = await tracing.span('genesys.axios');
    expect(attributes['genesys.correlation_id']).toBe('corr-2');
    expect(attributes['http.response.status_code']).toBe(429);
    expect(attributes).not.toHaveProperty('genesys.ratelimit.allowed');
  });
});
