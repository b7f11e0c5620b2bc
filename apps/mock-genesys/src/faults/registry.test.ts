import { describe, expect, it } from 'vitest';
import { FaultRegistry } from './registry.js';
import type { RequestFacts } from './target.js';

const queues: RequestFacts = { method: 'GET', route: '/api/v2/routing/queues', family: 'routing' };
const users: RequestFacts = { method: 'GET', route: '/api/v2/users', family: 'users' };

const outcomes = (registry: FaultRegistry, n: number) =>
  Array.from({ length: n }, () => registry.errorFor(queues)?.status ?? 200);

describe('fault registry', () => {
  it('injects about the asked share of errors, only on the target', () => {
    const registry = new FaultRegistry(7);
    registry.addErrorRate({ target: { family: 'routing' }, rate: 0.3, status: 502 });
    const results = outcomes(registry, 2_000);
    const failed = results.filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(500);
    expect(failed).toBeLessThan(700);
    expect(registry.errorFor(users)).toBeUndefined();
  });

  it('repeats the same sequence for the same seed, and after reset', () => {
    const a = new FaultRegistry(11);
    const b = new FaultRegistry(11);
    a.addErrorRate({ target: {}, rate: 0.5, status: 500 });
    b.addErrorRate({ target: {}, rate: 0.5, status: 500 });
    const first = outcomes(a, 200);
    expect(outcomes(b, 200)).toEqual(first);
    a.reset();
    a.addErrorRate({ target: {}, rate: 0.5, status: 500 });
    expect(outcomes(a, 200)).toEqual(first);
    const c = new FaultRegistry(12);
    c.addErrorRate({ target: {}, rate: 0.5, status: 500 });
    expect(outcomes(c, 200)).not.toEqual(first);
  });

  it('stops after count injections and removes itself', () => {
    const registry = new FaultRegistry(1);
    registry.addErrorRate({ target: {}, rate: 1, status: 429, retryAfterSeconds: 4, count: 2 });
    const first = registry.errorFor(queues);
    expect(first?.status).toBe(429);
    expect(first?.headers['Retry-After']).toBe('4');
    expect(registry.errorFor(queues)?.status).toBe(429);
    expect(registry.errorFor(queues)).toBeUndefined();
    expect(registry.empty).toBe(true);
  });

  it('adds delay from slow faults with jitter inside its bound', () => {
    const registry = new FaultRegistry(3);
    registry.addSlow({ target: { route: '/api/v2/users' }, delayMs: 100, jitterMs: 50, rate: 1 });
    for (let i = 0; i < 50; i++) {
      const delay = registry.delayFor(users);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThan(150);
    }
    expect(registry.delayFor(queues)).toBe(0);
  });
});
