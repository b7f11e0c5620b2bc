import type { Caller } from './caller.js';
import { createNaiveCaller } from './naive-caller.js';
import { resilienceDefaults } from './resilience-config.js';
import { createResilientCaller, type ResilientCallerOptions } from './resilient-caller.js';

/**
 * The config switch: `config.mode` picks the resilient stack or the naive call for this dependency. `config` is
 * parsed once at boot (service-kit's config does it for every dependency); nothing here parses it again.
 */
export function createCaller(options: ResilientCallerOptions): Caller {
  const config = options.config ?? resilienceDefaults;
  if (config.mode === 'naive') {
    return createNaiveCaller({
      dependency: options.dependency,
      events: options.events,
      timeoutMs: config.naiveTimeoutMs,
    });
  }
  return createResilientCaller({ ...options, config });
}
