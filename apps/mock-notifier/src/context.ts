import { setTimeout as sleep } from 'node:timers/promises';
import { FaultControls } from '@lab/mock-kit';
import type { NotifierConfig } from './config.js';
import { DeliveryLog } from './deliveries.js';
import type { NotifierErrorRate } from './error-rate.js';
import { createMetrics, type NotifierMetrics } from './metrics.js';

/** Everything the routes share: one per app instance, no module-level state. */
export interface NotifierContext {
  config: NotifierConfig;
  deliveries: DeliveryLog;
  faults: FaultControls<NotifierErrorRate>;
  metrics: NotifierMetrics;
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
}

export interface NotifierDeps {
  sleep?: (ms: number) => Promise<unknown>;
}

export function createContext(config: NotifierConfig, deps: NotifierDeps = {}): NotifierContext {
  return {
    config,
    deliveries: new DeliveryLog(),
    faults: new FaultControls<NotifierErrorRate>(config.NOTIFIER_FAULT_SEED),
    metrics: createMetrics(),
    sleep: deps.sleep ?? ((ms) => sleep(ms)),
  };
}
