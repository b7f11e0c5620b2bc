import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerActiveFaultsGauge } from './active-faults-gauge.js';
import { registerErrorRate } from './error-rate.js';
import { FaultEngine } from './fault-engine.js';
import type { FaultKindRegistry } from './fault-kind.js';
import { registerSlow } from './slow.js';

function setup() {
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  const engine = new FaultEngine({ kinds, seed: 1 });
  const registry = new Registry();
  registerActiveFaultsGauge(registry, () => engine);
  const series = async () =>
    (await registry.getSingleMetricAsString('mock_faults_active')).split('\n').filter((l) => !l.startsWith('#'));
  return { engine, series };
}

describe('mock_faults_active', () => {
  it('counts the faults in force by type and target, and forgets a removed one at the next scrape', async () => {
    const { engine, series } = setup();
    expect((await series()).filter(Boolean)).toEqual([]);
    const slow = engine.add({ type: 'slow', delayMs: 100, target: { route: '/api/customers/:contactId' } });
    engine.add({ type: 'error-rate', status: 503 });
    engine.add({ type: 'error-rate', status: 500 });
    expect(await series()).toEqual(
      expect.arrayContaining([
        'mock_faults_active{type="slow",family="",route="/api/customers/:contactId",method=""} 1',
        'mock_faults_active{type="error-rate",family="",route="",method=""} 2',
      ]),
    );
    engine.remove(slow.id);
    expect((await series()).some((line) => line.includes('type="slow"'))).toBe(false);
  });

  it('drops a fault whose count is spent', async () => {
    const { engine, series } = setup();
    engine.add({ type: 'error-rate', status: 503, count: 1 });
    expect(await series()).toContain('mock_faults_active{type="error-rate",family="",route="",method=""} 1');
    expect(engine.errorFor({ method: 'GET', route: '/x' })).toBeDefined();
    expect((await series()).filter(Boolean)).toEqual([]);
  });
});
