import { setTimeout as sleep } from 'node:timers/promises';
import {
  FaultEngine,
  type FaultKindRegistry,
  RequestLog,
  registerActiveFaultsGauge,
  registerErrorRate,
  registerSlow,
} from '@lab/mock-kit';
import type { CrmConfig } from './config.js';
import { type CrmMetrics, createMetrics } from './metrics.js';

/** Everything the routes share: one per app instance, no module-level state. */
export interface CrmContext {
  config: CrmConfig;
  faults: FaultEngine;
  /** The last API requests answered (GET /__admin/requests): attempts per logical request. */
  requests: RequestLog;
  metrics: CrmMetrics;
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
}

export interface CrmDeps {
  sleep?: (ms: number) => Promise<unknown>;
}

export function createContext(config: CrmConfig, deps: CrmDeps = {}): CrmContext {
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds);
  registerSlow(kinds);
  const context: CrmContext = {
    config,
    faults: new FaultEngine({ kinds, seed: config.CRM_FAULT_SEED }),
    requests: new RequestLog(),
    metrics: createMetrics(),
    sleep: deps.sleep ?? ((ms) => sleep(ms)),
  };
  registerActiveFaultsGauge(context.metrics.registry, () => context.faults);
  return context;
}
