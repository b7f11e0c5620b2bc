import { Gauge, type Registry } from 'prom-client';
import type { FaultEngine } from './fault-engine.js';

/** The one name every mock exports its faults in force under; Prometheus' `service` label tells the mocks apart. */
export const ACTIVE_FAULTS_METRIC = 'mock_faults_active';

/**
 * A gauge of the faults in force on a mock, read from its engine at each scrape: one series per fault type and
 * target (family, route, method; "" when the fault has none), valued by how many such faults are in force.
 * Dashboards draw it as annotations: when each mock fault was on. A fault removed since the last scrape drops
 * out of the series (the gauge is reset before each collection), so an ended fault never lingers at 1.
 */
export function registerActiveFaultsGauge(registry: Registry, faults: () => FaultEngine): Gauge<string> {
  return new Gauge({
    name: ACTIVE_FAULTS_METRIC,
    help: 'Faults in force on this mock (added through /__admin/faults), by type and target',
    labelNames: ['type', 'family', 'route', 'method'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const fault of faults().list()) {
        const { family = '', route = '', method = '' } = fault.target;
        this.inc({ type: fault.type, family, route, method });
      }
    },
  });
}
