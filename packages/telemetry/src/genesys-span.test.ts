import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { FAMILY_CONTEXT_KEY, recordGenesysResponse, withGenesysSpan } from './genesys-span.js';

const tracing = await startInMemoryTracing();
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
  it('records the status and the correlation id, and leaves the budget to the rate-limit-headers event', async () => {
    await withGenesysSpan('genesys.fetch', { family: 'routing' }, (span) => {
      recordGenesysResponse(span, { status: 200, correlationId: 'corr-1' });
    });
    const { attributes } = await tracing.span('genesys.fetch');
    expect(attributes).toMatchObject({ 'http.response.status_code': 200, 'genesys.correlation_id': 'corr-1' });
    expect(Object.keys(attributes).filter((name) => name.startsWith('genesys.ratelimit'))).toEqual([]);
  });

  it('records an error status without a correlation id', async () => {
    await withGenesysSpan('genesys.failed', { family: 'users' }, (span) => {
      recordGenesysResponse(span, { status: 429, correlationId: undefined });
    });
    const { attributes } = await tracing.span('genesys.failed');
    expect(attributes['http.response.status_code']).toBe(429);
    expect(attributes).not.toHaveProperty('genesys.correlation_id');
  });
});
