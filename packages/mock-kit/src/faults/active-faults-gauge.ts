import { FAULT_METRICS, gauge } from '@lab/signals';
import type { Gauge, Registry } from 'prom-client';
import type { FaultEngine } from './fault-engine.js';

/** The one name every mock exports its faults in force under; Prometheus' `service` label tells the mocks apart. */
export const ACTIVE_FAULTS_METRIC = FAULT_METRICS.mockFaultsActive.name;

/**
 * A gauge of the faults in force on a mock, read from its engine at each scrape: one series per fault type and
 * target (family, route, method; "" when the fault has none), valued by how many such faults are in force.
 * Dashboards draw it as annotations: when each mock fault was on. A fault removed since the last scrape drops
 * out of the series (the gauge is reset before each collection), so an ended fault never lingers at 1.
 */
export function registerActiveFaultsGauge(registry: Registry, faults: () => FaultEngine): Gauge<string> {
  return gauge(registry, FAULT_METRICS.mockFaultsActive, function () {
    this.reset();
    for (const fault of faults().list()) {
      const { family = '', route = '', method = '' } = fault.target;
      this.inc({ type: fault.type, family, route, method });
    }
  });
}
