/**
 * Whether a trace that starts in this process now, with no caller's traceparent, would be recorded. startTelemetry
 * sets it from the sampler it builds (the rate-limiting sampler answers with a peek at its budget, without drawing
 * a token); traceServerRequests asks it before doing any tracing work for a request that carries no traceparent, so
 * that a flood of untraced requests past the budget costs no span, no propagation and no context per request.
 * Until something sets it, the answer is "yes, ask the sampler" (the ordinary path). Held on globalThis, as the
 * OpenTelemetry API holds its globals, so two copies of this package in one process share it.
 */
export type RootTraceGate = () => boolean;

const KEY = Symbol.for('@lab/telemetry.rootTraceGate');
const ASK_THE_SAMPLER: RootTraceGate = () => true;
const holder = globalThis as { [KEY]?: RootTraceGate };

/** Installs the gate (undefined: back to asking the sampler for every request). */
export function setRootTraceGate(gate: RootTraceGate | undefined): void {
  holder[KEY] = gate;
}

/** False only when a trace started now without a caller would certainly not be recorded. */
export function rootTraceMayRecord(): boolean {
  return (holder[KEY] ?? ASK_THE_SAMPLER)();
}

/** The gate of a process that records no trace it starts itself (no tracer provider, or an always-off root). */
export const NEVER_RECORDS: RootTraceGate = () => false;
