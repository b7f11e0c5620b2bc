import { setTimeout as sleep } from 'node:timers/promises';
import { FaultControls } from '@lab/mock-kit';
import type { CrmConfig } from './config.js';
import { type CrmMetrics, createMetrics } from './metrics.js';

/** Everything the routes share: one per app instance, no module-level state. */
export interface CrmContext {
  config: CrmConfig;
  faults: FaultControls;
  metrics: CrmMetrics;
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
}

export interface CrmDeps {
  sleep?: (ms: number) => Promise<unknown>;
}

export function createContext(config: CrmConfig, deps: CrmDeps = {}): CrmContext {
  return {
    config,
    faults: new FaultControls(config.CRM_FAULT_SEED),
    metrics: createMetrics(),
    sleep: deps.sleep ?? ((ms) => sleep(ms)),
  };
}
