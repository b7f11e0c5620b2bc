// Span attribute and event names are declared in the telemetry registry (@lab/signals), with what each means.
export { ATTR, SPAN_EVENT } from '@lab/signals';
