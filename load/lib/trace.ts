// W3C trace context on every k6 request, so a request from a run can be found in Jaeger by its trace id
// (the services' OpenTelemetry HTTP instrumentation continues the trace it is given).
import { randomBytes } from 'k6/crypto';

function hex(bytes: number): string {
  return Array.from(new Uint8Array(randomBytes(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface TraceContext {
  traceId: string;
  traceparent: string;
}

/** A new sampled trace: `00-<32 hex trace id>-<16 hex span id>-01`. */
export function newTrace(): TraceContext {
  const traceId = hex(16);
  return { traceId, traceparent: `00-${traceId}-${hex(8)}-01` };
}
