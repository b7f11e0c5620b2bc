/**
 * Loaded before the app: `node --import @lab/telemetry/instrumentation dist/main.js`. Starts tracing from the
 * OTEL_* environment (see sdk.ts). Registers no signal handler: the app's single shutdown owner awaits
 * `shutdownTelemetry()` after closing its server. A process that simply runs out of work flushes on `beforeExit`.
 */
import { startTelemetry } from './sdk.js';

const telemetry = startTelemetry();

/** Flushes and stops tracing. Import it from this same entry point so that it is the instance --import started. */
export function shutdownTelemetry(): Promise<void> {
  return telemetry.shutdown();
}

/** False when OTEL_SDK_DISABLED=true. */
export const telemetryEnabled = telemetry.enabled;

process.once('beforeExit', () => {
  void telemetry.shutdown();
});
