import { setTimeout as sleep } from 'node:timers/promises';
import {
  FaultEngine,
  type FaultKindRegistry,
  RequestLog,
  registerActiveFaultsGauge,
  registerErrorRate,
  registerSlow,
} from '@lab/mock-kit';
import { z } from 'zod';
import type { NotifierConfig } from './config.js';
import { DeliveryLog } from './deliveries.js';
import { IdempotencyStore } from './idempotency.js';
import { createMetrics, type NotifierMetrics } from './metrics.js';

/** Everything the routes share: one per app instance, no module-level state. */
export interface NotifierContext {
  config: NotifierConfig;
  deliveries: DeliveryLog;
  /** Idempotency-Key -> the first result. */
  idempotency: IdempotencyStore;
  faults: FaultEngine;
  /** The last API requests answered (GET /__admin/requests). */
  requests: RequestLog;
  metrics: NotifierMetrics;
  /** Waits out an injected delay; tests pass one that records instead of waiting. */
  sleep: (ms: number) => Promise<unknown>;
}

export interface NotifierDeps {
  sleep?: (ms: number) => Promise<unknown>;
}

export function createContext(config: NotifierConfig, deps: NotifierDeps = {}): NotifierContext {
  const kinds: FaultKindRegistry = new Map();
  registerErrorRate(kinds, {
    /**
     * Record the notification, then answer the error anyway: the acknowledgement is lost, as when a connection
     * drops after the work was done. A caller that retries without idempotency then delivers twice.
     */
    afterRecording: z.boolean().default(false),
  });
  registerSlow(kinds);
  const context: NotifierContext = {
    config,
    deliveries: new DeliveryLog(),
    idempotency: new IdempotencyStore(),
    faults: new FaultEngine({ kinds, seed: config.NOTIFIER_FAULT_SEED }),
    requests: new RequestLog(),
    metrics: createMetrics(),
    sleep: deps.sleep ?? ((ms) => sleep(ms)),
  };
  registerActiveFaultsGauge(context.metrics.registry, () => context.faults);
  return context;
}
