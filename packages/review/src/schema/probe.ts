import { z } from 'zod';
import { formNumber } from './form.js';
import { toleranceSchema } from './tolerance.js';

const labels = z.record(z.string(), z.string()).optional();

/** Where a probe reads its value. URLs may hold `{{name}}`: the base URL of that topology service or proxy. */
export const probeProviderSchema = z.discriminatedUnion('type', [
  /** An HTTP call; the value is the JSON body (or the status with `value: status`). */
  z
    .object({
      type: z.literal('http'),
      url: z.string().min(1),
      method: z.enum(['GET', 'POST']).default('GET'),
      body: z.unknown().optional(),
      /** `{{conversationId}}` in the body: a real conversation id of this mock-genesys (or its proxy). */
      conversationsFrom: z.string().min(1).optional(),
      value: z.enum(['body', 'status']).default('body'),
      timeoutMs: z.number().int().positive().default(3_000),
    })
    .strict(),
  /** A PromQL instant query; the value is the first sample (0 when the result is empty). */
  z.object({ type: z.literal('prometheus'), query: z.string().min(1) }).strict(),
  /** A counter or gauge on a mock's or service's /metrics, summed over the matching labels. */
  z
    .object({
      type: z.literal('metric'),
      of: z.string().min(1),
      name: z.string().min(1),
      labels,
      /** delta: the change since the method began (counters); value: as read. */
      as: z.enum(['value', 'delta']).default('value'),
    })
    .strict(),
  /** Entries of a mock's request log (GET /__admin/requests) since the method began. */
  z
    .object({
      type: z.literal('mock-requests'),
      mock: z.string().min(1),
      route: z.string().optional(),
      status: z.number().int().optional(),
      /**
       * count: how many; per-load-request: how many per request the load step sent; retry-after-slack: the
       * smallest ms between a Retry-After's reset and the next request of the same path (negative: too early).
       */
      as: z.enum(['count', 'per-load-request', 'retry-after-slack', 'max-in-window']).default('count'),
      load: z.string().optional(),
      /** max-in-window: the most requests inside any window this long (how bursty the traffic was). */
      windowMs: z.number().int().positive().default(1_000),
      /** max-in-window with `load`: only the load's fault window, from this long after the fault went on. */
      faultSkipMs: z.number().int().nonnegative().optional(),
    })
    .strict(),
  /** How many traces Jaeger holds for a service in the last `lookbackSeconds`. */
  z
    .object({
      type: z.literal('jaeger'),
      service: z.string().min(1),
      lookbackSeconds: z.number().int().positive().default(300),
    })
    .strict(),
  /**
   * The org's Genesys API budget (packages/review/README.md, "budget"): `experiment` (from the method's start to
   * now) holds {share, headroom, busiestFamily, usageView, services, gapRequests, agree} counted twice, by the
   * mock's API usage view and by every service's own `lab_dependency_attempts_total`; `window` holds the mock's
   * current org windows {share, headroom, busiestFamily} (the capacity left right now).
   */
  z
    .object({
      type: z.literal('genesys-budget'),
      mock: z.string().min(1).default('mock-genesys'),
      /** The two counts of one family agree when they differ by at most this many requests... */
      toleranceRequests: z.number().int().nonnegative().default(3),
      /** ...or by at most this share of the larger one. */
      toleranceShare: z.number().min(0).max(1).default(0.05),
    })
    .strict(),
  /** Redis connections: INFO clients' connected_clients of the lab's Redis. */
  z.object({ type: z.literal('redis-clients') }).strict(),
  /**
   * What became of the events a load step had accepted (2xx): {accepted, delivered, deadLettered, missing,
   * missingIds}. Delivered: in the notifier's deliveries; dead-lettered: in the dead-letter stream (the naive
   * side's own when its naiveEnv names DEAD_LETTER_STREAM). Polls until none is missing or `withinMs` passed.
   */
  z
    .object({
      type: z.literal('webhook-outcomes'),
      load: z.string().min(1),
      notifier: z.string().min(1).default('mock-notifier'),
      deadLetterStream: z.string().min(1).default('webhook:dead'),
      withinMs: formNumber.default(0),
    })
    .strict(),
  /** A figure of a load step's answers: latency percentiles in ms, shares 0..1 of answers, counts. */
  z
    .object({
      type: z.literal('load'),
      load: z.string().min(1),
      stat: z.enum(['p50', 'p95', 'p99', 'max', 'success', 'fallback', 'count', 'errors']),
      /** all: every answer; fault: while the fault was on; after: once it was cleared. */
      window: z.enum(['all', 'fault', 'after']).default('all'),
    })
    .strict(),
]);

export const probeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'probe names are kebab-case'),
    provider: probeProviderSchema,
    tolerance: toleranceSchema,
    /** Printed with the value, e.g. "ms". */
    unit: z.string().optional(),
    /** warn: reported, never fails the verdict (e.g. budget use above 90 %). */
    severity: z.enum(['block', 'warn']).default('block'),
    /**
     * The value less the one this probe read first in this run (numbers): the first reading, in the steady state
     * before the method, is the baseline, so "after" says how far the figure is from it (leaks).
     */
    fromBaseline: z.boolean().default(false),
  })
  .strict();

export type Probe = z.infer<typeof probeSchema>;
export type ProbeProvider = z.infer<typeof probeProviderSchema>;
