/** Which requests a fault applies to; empty or absent: every API request of the mock. */
export interface FaultTarget {
  /** mock-genesys only: the API family, e.g. "routing", "workforcemanagement". */
  family?: string;
  /** A route as the mock names it in its metrics, e.g. "/api/customers/:contactId". */
  route?: string;
  method?: string;
  /** Only requests with this Idempotency-Key header (mock-notifier: one event's deliveries, key = eventId). */
  idempotencyKey?: string;
}

/** What every fault kind shares (Toxiproxy's shape: a kind, where it applies, how often, how many times). */
interface FaultCommon {
  target?: FaultTarget;
  /** Share of matching requests it applies to, 0..1 (default 1). */
  rate?: number;
  /** Apply at most this many times, then the fault removes itself. */
  count?: number;
}

/** `error-rate` (all mocks): answer `status` (400..599, default 503), with Retry-After when asked. */
export interface ErrorRateFaultSpec extends FaultCommon {
  type: 'error-rate';
  status?: number;
  retryAfterSeconds?: number;
  /** mock-notifier only: record the notification, then answer the error (a lost acknowledgement). */
  afterRecording?: boolean;
}

/** `slow` (all mocks): wait `delayMs` plus up to `jitterMs` before answering. */
export interface SlowFaultSpec extends FaultCommon {
  type: 'slow';
  delayMs: number;
  jitterMs?: number;
}

/** `maintenance` (mock-genesys only): 503 + Retry-After on every API route for `seconds`. */
export interface MaintenanceFaultSpec extends FaultCommon {
  type: 'maintenance';
  seconds: number;
  retryAfterSeconds?: number;
  /** Send socket_closing to every notification socket and close it (default true). */
  closeSockets?: boolean;
}

/** The body of POST /__admin/faults. */
export type FaultSpec = ErrorRateFaultSpec | SlowFaultSpec | MaintenanceFaultSpec;

/** A fault in force, as the mock answers it. */
export interface Fault {
  id: string;
  type: string;
  target: FaultTarget;
  rate: number;
  count?: number;
  /** Applications left before it removes itself, when `count` was given. */
  remaining?: number;
  [attribute: string]: unknown;
}

/** One request the mock answered, from GET /__admin/requests. */
export interface RequestRecord {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  /** The route pattern, e.g. "/api/customers/:contactId" ("unmatched" when none matched). */
  route: string;
  path: string;
  status: number;
  /** The OAuth client behind it (mock-genesys). */
  client?: string;
  /** The request's x-request-id and idempotency-key headers, where it sent them. */
  headers?: Record<string, string>;
  [field: string]: unknown;
}

/** Filters of GET /__admin/requests. */
export interface RequestQuery {
  /** Epoch milliseconds: requests that arrived at or after it. */
  since?: number;
  route?: string;
  client?: string;
}
