import type { Caller } from './caller.js';
import { createNaiveCaller } from './naive-caller.js';
import { resilienceConfigSchema } from './resilience-config.js';
import { createResilientCaller, type ResilientCallerOptions } from './resilient-caller.js';

/** The config switch: `config.mode` picks the resilient stack or the naive call for this dependency. */
export function createCaller(options: ResilientCallerOptions): Caller {
  const config = resilienceConfigSchema.parse(options.config ?? {});
  if (config.mode === 'naive') {
    return createNaiveCaller({
      dependency: options.dependency,
      events: options.events,
      timeoutMs: config.naiveTimeoutMs,
    });
  }
  return createResilientCaller({ ...options, config });
}
