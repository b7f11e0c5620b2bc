import { describe, expect, it } from 'vitest';
import type { HttpError } from '../http-error.js';
import { registerErrorRate } from './error-rate.js';
import { FaultEngine, MAX_FAULTS } from './fault-engine.js';
import type { FaultKindRegistry } from './fault-kind.js';
import { registerMaintenance } from './maintenance.js';
import { registerSlow } from './slow.js';

const users = { method: 'GET', route: '/api/users', family: 'users' };
const queues = { method: 'GET', route: '/api/queues', family: 'routing' };

function engine(seed = 7, now = () => 1_000_000) {
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  registerMaintenance(kinds);
  return new FaultEngine({ kinds, seed, now, families: ['users', 'routing'] });
}
const outcomes = (faults: FaultEngine, n: number) =>
  Array.from({ length: n }, () => faults.errorFor(users)?.error.status ?? 200);

describe('FaultEngine', () => {
  it('adds a fault of a registered kind with the shared fields, defaults and an id', () => {
    const faults = engine();
    expect(faults.add({ type: 'error-rate', rate: 0.5 })).toEqual({
      id: 'error-rate-1',
      type: 'error-rate',
      target: {},
      rate: 0.5,
      status: 503,
      applied: 0,
    });
    expect(faults.add({ type: 'slow', delayMs: 5, target: { method: 'get' }, count: 2 })).toMatchObject({
      id: 'slow-2',
      target: { method: 'GET' },
      rate: 1,
      count: 2,
      remaining: 2,
      jitterMs: 0,
    });
    expect(faults.list().map((f) => f.id)).toEqual(['error-rate-1', 'slow-2']);
  });

  it('answers 400 naming the field: unknown type, bad shared field, bad or unknown attribute', () => {
    const faults = engine();
    const fieldOf = (body: unknown) => {
      try {
        faults.add(body);
      } catch (error) {
        return [(error as HttpError).status, (error as HttpError).field];
      }
      return 'accepted';
    };
    expect(fieldOf({ type: 'flaky' })).toEqual([400, 'type']);
    expect(fieldOf({ rate: 1 })).toEqual([400, 'type']);
    expect(fieldOf({ type: 'error-rate', rate: 2 })).toEqual([400, 'rate']);
    expect(fieldOf({ type: 'error-rate', target: { family: 'billing' } })).toEqual([400, 'target.family']);
    expect(fieldOf({ type: 'error-rate', status: 200 })).toEqual([400, 'status']);
    expect(fieldOf({ type: 'slow' })).toEqual([400, 'delayMs']);
    expect(fieldOf({ type: 'slow', delayMs: 1, delay: 5 })).toEqual([400, 'body']);
    expect(faults.empty).toBe(true);
  });

  it(`holds at most ${MAX_FAULTS} faults at once: the next is a 400 naming faults until one goes`, () => {
    const faults = engine();
    for (let i = 0; i < MAX_FAULTS; i++) faults.add({ type: 'slow', delayMs: 1 });
    let refused: HttpError | undefined;
    try {
      faults.add({ type: 'slow', delayMs: 1 });
    } catch (error) {
      refused = error as HttpError;
    }
    expect(refused).toMatchObject({ status: 400, code: 'too_many_faults', field: 'faults' });
    faults.remove(faults.list()[0]!.id);
    expect(faults.add({ type: 'slow', delayMs: 1 }).type).toBe('slow');
  });

  it('fails about the configured share, the same requests for the same seed and again after reset', () => {
    const a = engine(5);
    const b = engine(5);
    for (const f of [a, b]) f.add({ type: 'error-rate', rate: 0.3, status: 502 });
    const run = outcomes(a, 1_000);
    expect(outcomes(b, 1_000)).toEqual(run);
    const failed = run.filter((s) => s === 502).length;
    expect(failed).toBeGreaterThan(240);
    expect(failed).toBeLessThan(360);
    a.reset();
    expect(a.empty).toBe(true);
    a.add({ type: 'error-rate', rate: 0.3, status: 502 });
    expect(outcomes(a, 1_000)).toEqual(run);
    const other = engine(6);
    other.add({ type: 'error-rate', rate: 0.3, status: 502 });
    expect(outcomes(other, 1_000)).not.toEqual(run);
  });

  it('applies only to its target, and removes itself after count applications', () => {
    const faults = engine();
    faults.add({ type: 'error-rate', status: 429, retryAfterSeconds: 4, count: 2, target: { family: 'users' } });
    expect(faults.errorFor(queues)).toBeUndefined();
    expect(faults.errorFor(users)?.error).toMatchObject({ status: 429, retryAfterSeconds: 4 });
    expect(faults.list()[0]).toMatchObject({ applied: 1, remaining: 1 });
    expect(faults.errorFor(users)?.error.status).toBe(429);
    expect(faults.errorFor(users)).toBeUndefined();
    expect(faults.empty).toBe(true);
  });

  it('adds up slow faults, with jitter inside its bound, and names the faults that applied', () => {
    const faults = engine(3);
    faults.add({ type: 'slow', delayMs: 100, jitterMs: 50 });
    faults.add({ type: 'slow', delayMs: 1_000, target: { route: '/api/queues' } });
    for (let i = 0; i < 50; i++) {
      const { delayMs } = faults.delayFor(users);
      expect(delayMs).toBeGreaterThanOrEqual(100);
      expect(delayMs).toBeLessThan(150);
    }
    const both = faults.delayFor(queues);
    expect(both.delayMs).toBeGreaterThanOrEqual(1_100);
    expect(both.faults.map((f) => f.id)).toEqual(['slow-1', 'slow-2']);
    expect(faults.errorFor(users)).toBeUndefined();
  });

  it('keeps a maintenance window for its seconds, with Retry-After counting down, then drops it', () => {
    let now = 1_000_000;
    const faults = engine(1, () => now);
    faults.add({ type: 'error-rate', status: 500 });
    expect(faults.add({ type: 'maintenance', seconds: 10 })).toMatchObject({
      closeSockets: true,
      until: new Date(1_010_000).toISOString(),
    });
    expect(faults.errorFor(users, ['maintenance'])?.error).toMatchObject({ status: 503, retryAfterSeconds: 10 });
    now += 6_500;
    expect(faults.errorFor(users, ['maintenance'])?.error.retryAfterSeconds).toBe(4);
    now += 3_500;
    expect(faults.errorFor(users, ['maintenance'])).toBeUndefined();
    expect(faults.list().map((f) => f.type)).toEqual(['error-rate']);
  });
});
