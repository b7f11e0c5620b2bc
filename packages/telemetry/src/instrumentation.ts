/**
 * Loaded before the app: `node --import @lab/telemetry/instrumentation dist/main.js`. Starts tracing from the
 * OTEL_* environment (see sdk.ts). Registers no signal handler: the app's single shutdown owner awaits
 * `shutdownTelemetry()` after closing its server. A process that simply runs out of work flushes on `beforeExit`.
 */
import { getBooleanFromEnv } from '@opentelemetry/core';
import { registerEsmHooks } from './esm-hooks.js';

// The ESM hooks first, then the SDK, loaded dynamically: a module graph is resolved before any of it runs, and the
// SDK's own modules import node:http, so statically imported they would be resolved before the hooks exist.
if (!getBooleanFromEnv('OTEL_SDK_DISABLED')) registerEsmHooks();
const { startTelemetry } = await import('./sdk.js');
const telemetry = await startTelemetry();

/** Flushes and stops tracing. Import it from this same entry point so that it is the instance --import started. */
export function shutdownTelemetry(): Promise<void> {
  return telemetry.shutdown();
}

/** False when OTEL_SDK_DISABLED=true. */
export const telemetryEnabled = telemetry.enabled;

process.once('beforeExit', () => {
  void telemetry.shutdown();
});
