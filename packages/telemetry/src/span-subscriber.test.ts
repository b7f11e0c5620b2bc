import { ResilienceEvents } from '@lab/resilience';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { withGenesysSpan } from './genesys-span.js';
import { subscribeSpans } from './span-subscriber.js';

const tracing = await startInMemoryTracing();
afterAll(() => tracing.shutdown());
beforeEach(() => tracing.reset());

describe('subscribeSpans', () => {
  it('puts the events emitted during a call onto that call span', async () => {
    const events = new ResilienceEvents();
    subscribeSpans(events);
    await withGenesysSpan('genesys.call', { family: 'analytics', conversationId: 'c-9' }, async () => {
      events.emit({ type: 'rate-limit-wait', family: 'analytics', waitMs: 120, source: 'local' });
      events.emit({ type: 'cache', dependency: 'genesys', outcome: 'miss' });
      await new Promise((resolve) => setTimeout(resolve, 1));
      events.emit({ type: 'retry', dependency: 'genesys', attempt: 1, delayMs: 250, status: 429, retryAfterMs: 250 });
      events.emit({ type: 'breaker-state', dependency: 'genesys', from: 'closed', to: 'open', shared: false });
      events.emit({ type: 'rate-limit-wait', family: 'analytics', waitMs: 30, source: 'headers' });
      events.emit({ type: 'rate-limit-headers', family: 'analytics', remaining: 7, allowed: 300, resetSeconds: 12 });
      events.emit({ type: 'fallback', dependency: 'genesys', reason: 'breaker-open' });
      events.emit({ type: 'call', dependency: 'genesys', outcome: 'fallback', durationMs: 400, attempts: 2 });
    });
    const span = await tracing.span('genesys.call');
    expect(span.attributes).toMatchObject({
      'resilience.attempt': 2,
      'resilience.breaker_state': 'open',
      'resilience.cache': 'miss',
      'resilience.fallback': true,
      'resilience.fallback_reason': 'breaker-open',
      'resilience.ratelimit_wait_ms': 150,
      'resilience.outcome': 'fallback',
      'genesys.ratelimit.remaining': 7,
      'genesys.ratelimit.allowed': 300,
      'genesys.ratelimit.reset': 12,
    });
    const names = span.events.map((event) => event.name);
    expect(names).toEqual([
      'resilience.ratelimit_wait',
      'resilience.retry',
      'resilience.breaker_transition',
      'resilience.ratelimit_wait',
    ]);
    expect(span.events[1]?.attributes).toMatchObject({ 'http.response.status_code': 429, 'resilience.delay_ms': 250 });
  });

  it('keeps concurrent calls apart and ignores events outside any span', async () => {
    const events = new ResilienceEvents();
    subscribeSpans(events);
    events.emit({ type: 'cache', dependency: 'genesys', outcome: 'hit' });
    const call = (name: string, outcome: 'hit' | 'stale', delay: number) =>
      withGenesysSpan(name, { family: 'routing' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        events.emit({ type: 'cache', dependency: 'genesys', outcome });
      });
    await Promise.all([call('genesys.a', 'hit', 5), call('genesys.b', 'stale', 1)]);
    expect((await tracing.span('genesys.a')).attributes['resilience.cache']).toBe('hit');
    expect((await tracing.span('genesys.b')).attributes['resilience.cache']).toBe('stale');
    expect(await tracing.spans()).toHaveLength(2);
  });

  it('stops after unsubscribe', async () => {
    const events = new ResilienceEvents();
    const unsubscribe = subscribeSpans(events);
    unsubscribe();
    await withGenesysSpan('genesys.quiet', { family: 'users' }, () => {
      events.emit({ type: 'cache', dependency: 'genesys', outcome: 'hit' });
    });
    expect((await tracing.span('genesys.quiet')).attributes).not.toHaveProperty('resilience.cache');
  });
});
