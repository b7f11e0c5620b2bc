import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { registerErrorHandling } from '../error-handler.js';
import { FaultControls } from './fault-controls.js';
import { registerFaultRoutes } from './fault-routes.js';
import { errorRateSchema } from './fault-specs.js';

const extended = errorRateSchema.extend({ note: z.string().default('none') });
type Extended = z.infer<typeof extended>;
let app = Fastify({ logger: false });
afterEach(() => app.close());

function build() {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  const faults = new FaultControls<Extended>(4);
  const onReset = vi.fn();
  registerFaultRoutes(app, { faults, errorRateSchema: extended, faultSeed: 4, onReset });
  return { faults, onReset };
}
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('registerFaultRoutes', () => {
  it('sets faults with 201 and answers the fault as set, defaults and app fields included', async () => {
    const { faults } = build();
    const errorRate = await post('/__admin/faults/error-rate', { rate: 0.5 });
    expect(errorRate.statusCode).toBe(201);
    expect(errorRate.json()).toEqual({ rate: 0.5, status: 503, note: 'none', injected: 0 });
    const slow = await post('/__admin/faults/slow', { delayMs: 20 });
    expect(slow.json()).toEqual({ delayMs: 20, jitterMs: 0, rate: 1, delayed: 0 });
    expect(faults.describe()).toMatchObject({ errorRate: { rate: 0.5 }, slow: { delayMs: 20 } });
  });

  it('removes a fault with 204, and answers 404 when none is set', async () => {
    const { faults } = build();
    await post('/__admin/faults/slow', { delayMs: 20 });
    expect((await app.inject({ method: 'DELETE', url: '/__admin/faults/slow' })).statusCode).toBe(204);
    expect(faults.describe().slow).toBeNull();
    const again = await app.inject({ method: 'DELETE', url: '/__admin/faults/slow' });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ error: 'not_found', message: 'No slow fault is set', field: 'kind' });
  });

  it('answers 400 naming the field for bad bodies and kinds', async () => {
    build();
    expect((await post('/__admin/faults/error-rate', { rate: 2 })).json()).toMatchObject({ field: 'rate' });
    expect((await post('/__admin/faults/error-rate', {})).json()).toMatchObject({ field: 'rate' });
    expect((await post('/__admin/faults/slow', { delayMs: 0 })).json()).toMatchObject({ field: 'delayMs' });
    expect((await post('/__admin/reset', { seed: -1 })).json()).toMatchObject({ field: 'seed' });
    const kind = await app.inject({ method: 'DELETE', url: '/__admin/faults/flaky' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json()).toMatchObject({ error: 'bad_request', field: 'kind' });
  });

  it('resets every fault, restarts the draws from the seed given or the configured one, then calls onReset', async () => {
    const { faults, onReset } = build();
    await post('/__admin/faults/error-rate', { rate: 0.5 });
    expect((await post('/__admin/reset', {})).json()).toEqual({ reset: true, faultSeed: 4 });
    expect(faults.describe()).toEqual({ errorRate: null, slow: null });
    expect(onReset).toHaveBeenCalledTimes(1);

    expect((await app.inject({ method: 'POST', url: '/__admin/reset' })).json()).toEqual({ reset: true, faultSeed: 4 });
    expect((await post('/__admin/reset', { seed: 12 })).json()).toEqual({ reset: true, faultSeed: 12 });
    const reference = new FaultControls<Extended>(12);
    for (const f of [faults, reference]) f.setErrorRate({ rate: 0.5, status: 500, note: 'x' });
    const draws = (f: FaultControls<Extended>) => Array.from({ length: 30 }, () => !!f.errorFor());
    expect(draws(faults)).toEqual(draws(reference));
  });
});
