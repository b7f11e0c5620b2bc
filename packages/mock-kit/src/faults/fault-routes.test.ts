import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerErrorHandling } from '../error-handler.js';
import { registerErrorRate } from './error-rate.js';
import { FaultEngine } from './fault-engine.js';
import type { FaultKindRegistry } from './fault-kind.js';
import { registerFaultRoutes } from './fault-routes.js';
import { registerSlow } from './slow.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build() {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  const faults = new FaultEngine({ kinds, seed: 4 });
  const onReset = vi.fn();
  const onAdded = vi.fn((fault: { type: string }) => (fault.type === 'slow' ? { noted: true } : undefined));
  registerFaultRoutes(app, { faults, onReset, onAdded });
  return { faults, onReset, onAdded };
}
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('registerFaultRoutes', () => {
  it('adds faults with 201, lists them, and joins what onAdded says to the answer', async () => {
    const { onAdded } = build();
    const added = await post('/__admin/faults', { type: 'error-rate', rate: 0.5 });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({
      id: 'error-rate-1',
      type: 'error-rate',
      target: {},
      rate: 0.5,
      status: 503,
      applied: 0,
    });
    expect((await post('/__admin/faults', { type: 'slow', delayMs: 20 })).json()).toMatchObject({ noted: true });
    expect(onAdded).toHaveBeenCalledTimes(2);
    const listed = await app.inject('/__admin/faults');
    expect(listed.json().faults.map((f: { id: string }) => f.id)).toEqual(['error-rate-1', 'slow-2']);
  });

  it('removes a fault by id with 204, and answers 404 naming id when there is none', async () => {
    const { faults } = build();
    await post('/__admin/faults', { type: 'slow', delayMs: 20 });
    expect((await app.inject({ method: 'DELETE', url: '/__admin/faults/slow-1' })).statusCode).toBe(204);
    expect(faults.empty).toBe(true);
    const again = await app.inject({ method: 'DELETE', url: '/__admin/faults/slow-1' });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ error: 'not_found', message: 'No fault slow-1', field: 'id' });
  });

  it('answers 400 naming the field for bad bodies', async () => {
    build();
    expect((await post('/__admin/faults', { type: 'flaky' })).json()).toMatchObject({
      error: 'bad_request',
      field: 'type',
    });
    expect((await post('/__admin/faults', { type: 'error-rate', rate: 2 })).json()).toMatchObject({ field: 'rate' });
    expect((await post('/__admin/faults', [1])).json()).toMatchObject({ field: 'body' });
    expect((await post('/__admin/reset', { seed: -1 })).json()).toMatchObject({ field: 'seed' });
  });

  it('resets every fault, restarts the draws from the seed given or the configured one, then calls onReset', async () => {
    const { faults, onReset } = build();
    await post('/__admin/faults', { type: 'error-rate', rate: 0.5 });
    expect((await post('/__admin/reset', {})).json()).toEqual({ reset: true, faultSeed: 4 });
    expect(faults.empty).toBe(true);
    expect(onReset).toHaveBeenCalledTimes(1);
    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).json()).toEqual({ reset: true, faultSeed: 4 });
    expect((await post('/__admin/reset', { seed: 12 })).json()).toEqual({ reset: true, faultSeed: 12 });
    const kinds: FaultKindRegistry = new Map();
    registerErrorRate(kinds);
    const reference = new FaultEngine({ kinds, seed: 12 });
    for (const f of [faults, reference]) f.add({ type: 'error-rate', rate: 0.5 });
    const draws = (f: FaultEngine) => Array.from({ length: 30 }, () => !!f.errorFor({ method: 'GET', route: '/x' }));
    expect(draws(faults)).toEqual(draws(reference));
  });
});
