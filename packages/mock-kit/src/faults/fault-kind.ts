import { z } from 'zod';

/** What a request looks like to the fault engine. */
export interface RequestFacts {
  method: string;
  /** The route pattern, e.g. "/api/customers/:contactId". */
  route: string;
  /** mock-genesys: the API family ("routing", ...). */
  family?: string | undefined;
  /** The request's Idempotency-Key header, when it has one (the notifier: one event's deliveries). */
  idempotencyKey?: string | undefined;
}

/** Which requests a fault applies to; empty: every request the mock hands the engine. */
export interface FaultTarget {
  family?: string;
  route?: string;
  method?: string;
  idempotencyKey?: string;
}

/** A fault in force: the shared fields, the kind's attributes, and how many times it applied. */
export interface Fault {
  id: string;
  type: string;
  target: FaultTarget;
  rate: number;
  count?: number;
  /** Applications left, when `count` was given. */
  remaining?: number;
  /** Times it applied so far. */
  applied: number;
  [attribute: string]: unknown;
}

/** An error a fault answers with; each mock turns it into its own error body. */
export interface InjectedError {
  status: number;
  message: string;
  /** Error code, when the kind has one to say (e.g. Genesys' "service.unavailable"). */
  code?: string;
  retryAfterSeconds?: number;
}

/** What a fault does to one matching request that its rate drew. */
export type FaultEffect = { error: InjectedError } | { delayMs: number };

/**
 * One kind of fault (Toxiproxy's Toxic): its own attributes, what it does to a request, and optionally when it
 * ends by itself. `draw` is the engine's seeded generator, for kinds that need randomness of their own.
 */
export interface FaultKind {
  /** "error": it answers in place of the route; "delay": it holds the request back, then lets it through. */
  acts: 'error' | 'delay';
  /** Schema of the kind's attributes (the body minus type, target, rate and count). */
  attributes: z.ZodObject;
  /** Extra fields fixed when the fault is added, e.g. when a window ends. */
  created?(attributes: Record<string, unknown>, now: number): Record<string, unknown>;
  effect(fault: Fault, now: number, draw: () => number): FaultEffect;
  /** True once the fault has run its course and should be removed. */
  expired?(fault: Fault, now: number): boolean;
}

/** The kinds a mock supports, by wire name: an explicit map each mock builds, never a global. */
export type FaultKindRegistry = Map<string, FaultKind>;

/** The fields every fault body shares. */
export function sharedFaultFields(families?: readonly [string, ...string[]]) {
  return z.object({
    type: z.string().min(1),
    target: z
      .object({
        family: families ? z.enum(families).optional() : z.string().min(1).optional(),
        /** A route as the mock names it in metrics, e.g. "/api/customers/:contactId". */
        route: z.string().startsWith('/').optional(),
        method: z
          .string()
          .min(1)
          .transform((m) => m.toUpperCase())
          .optional(),
        /** Only requests with this Idempotency-Key header: one entity's requests (a poison event). */
        idempotencyKey: z.string().min(1).max(256).optional(),
      })
      .strict()
      .default({}),
    rate: z.number().min(0).max(1).default(1),
    count: z.number().int().min(1).optional(),
  });
}

export function targets(target: FaultTarget, request: RequestFacts): boolean {
  if (target.family && target.family !== request.family) return false;
  if (target.route && target.route !== request.route) return false;
  if (target.method && target.method !== request.method) return false;
  if (target.idempotencyKey && target.idempotencyKey !== request.idempotencyKey) return false;
  return true;
}
