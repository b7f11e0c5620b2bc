import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CounterTally } from './counter-tally.js';
import { counter } from './create-metric.js';
import { DEPENDENCY_METRICS } from './metrics/dependency.js';
import { MOCK_GENESYS_METRICS } from './metrics/mocks.js';

const signal = MOCK_GENESYS_METRICS.requests;

describe('CounterTally', () => {
  it('hands every increment made before a read to the counter, per label set', async () => {
    const registry = new Registry();
    const tally = new CounterTally(registry, signal);
    for (let i = 0; i < 3; i++) tally.inc('GET', '/api/v2/routing/queues', '200', 'lab-client');
    tally.inc('GET', '/api/v2/routing/queues', '429', 'lab-client');
    tally.inc('POST', '/oauth/token', '200', 'other');
    const text = await registry.metrics();
    expect(text).toContain(
      'mock_genesys_requests_total{method="GET",route="/api/v2/routing/queues",status="200",client="lab-client"} 3',
    );
    expect(text).toContain(
      'mock_genesys_requests_total{method="GET",route="/api/v2/routing/queues",status="429",client="lab-client"} 1',
    );
    expect(text).toContain(
      'mock_genesys_requests_total{method="POST",route="/oauth/token",status="200",client="other"} 1',
    );
  });

  it('counts what came after a read on top of what was read, never twice', async () => {
    const registry = new Registry();
    const tally = new CounterTally(registry, signal);
    tally.inc('GET', '/r', '200', 'c');
    tally.inc('GET', '/r', '200', 'c');
    const first = await tally.counter.get();
    expect(first.values.map((v) => v.value)).toEqual([2]);
    expect((await tally.counter.get()).values.map((v) => v.value)).toEqual([2]);
    tally.inc('GET', '/r', '200', 'c');
    expect((await tally.counter.get()).values.map((v) => v.value)).toEqual([3]);
  });

  it('refuses a wrong number of label values, a counter already registered, exemplars and another type', () => {
    const registry = new Registry();
    const tally = new CounterTally(registry, signal);
    expect(() => tally.inc('GET', '/r', '200')).toThrow(/takes 4 label values, got 3/);
    const other = new Registry();
    counter(other, signal);
    expect(() => new CounterTally(other, signal)).toThrow(/already in the registry/);
    expect(() => new CounterTally(new Registry(), DEPENDENCY_METRICS.calls)).toThrow(/declares exemplars/);
    expect(() => new CounterTally(new Registry(), MOCK_GENESYS_METRICS.requestDuration)).toThrow(/not a counter/);
  });
});
