import { z } from 'zod';
import { formNumber } from './form.js';

/**
 * One step of an experiment's method or rollbacks. Faults a step adds are remembered and removed at the end
 * whatever happens (also on Ctrl-C), besides the rollbacks the experiment names.
 */
/** A Toxiproxy toxic on one of the topology's proxies. */
const toxicSchema = z
  .object({
    type: z.literal('toxic'),
    proxy: z.string().min(1),
    toxic: z.enum(['latency', 'timeout', 'reset_peer', 'bandwidth', 'slow_close', 'limit_data', 'slicer']),
    stream: z.enum(['upstream', 'downstream']).default('downstream'),
    toxicity: z.number().min(0).max(1).default(1),
    attributes: z.record(z.string(), z.number()).default({}),
  })
  .strict();
/** Turns a proxy off (the dependency is down: connections refused) until the rollbacks. */
const proxyDownSchema = z.object({ type: z.literal('proxy-down'), proxy: z.string().min(1) }).strict();
/** A mock fault, the shared contract's shape: {type, target?, rate?, count?, ...attributes}. */
const mockFaultSchema = z
  .object({
    type: z.literal('mock-fault'),
    mock: z.string().min(1),
    fault: z.object({ type: z.string().min(1) }).catchall(z.unknown()),
  })
  .strict();

/**
 * kill -9 of a service the review started (with --start-lab, or the naive side's copy), restarted on the same
 * port by the rollback (or at the end of a load's fault window). Against a running lab it started nothing of,
 * the experiment is skipped ("needs --start-lab").
 */
const killSchema = z.object({ type: z.literal('kill'), service: z.string().min(1) }).strict();

/** The steps that inject a fault (a load step may hold them for a window of its run). */
export const faultActionSchema = z.discriminatedUnion('type', [
  toxicSchema,
  proxyDownSchema,
  mockFaultSchema,
  killSchema,
]);

export const actionSchema = z.discriminatedUnion('type', [
  toxicSchema,
  proxyDownSchema,
  mockFaultSchema,
  killSchema,
  /** Removes every toxic of the lab and every mock fault. */
  z.object({ type: z.literal('clear-faults') }).strict(),
  /** Waits; `jitterMs` is drawn from the seeded generator, so `--seed` repeats the schedule. */
  z.object({ type: z.literal('wait'), ms: formNumber, jitterMs: z.number().int().nonnegative().default(0) }).strict(),
  /**
   * Open-model load on an HTTP endpoint: `rate` requests/s for `seconds`. The fault of the steps in `during` is on
   * from `faultAt` (seconds into the load) to `faultFor` later, then rolled back, so one load sees before, during
   * and after. Answers slower than `haltAboveMs` halt the experiment (a pipeline stopping the deploy).
   */
  z
    .object({
      type: z.literal('load'),
      name: z.string().min(1),
      url: z.string().min(1),
      /** JSON body; the string `{{contactId}}` is replaced by a fresh seeded id per request. */
      body: z.unknown().optional(),
      /** `{{conversationId}}` in the body: real ids of this mock-genesys's data set, one per request in turn. */
      conversationsFrom: z.string().min(1).optional(),
      /** Signs each request as a Genesys webhook (HMAC-SHA256 of "<timestamp>.<body>" with this secret). */
      signWebhook: z
        .object({ secret: z.string().min(8) })
        .strict()
        .optional(),
      rate: z.number().positive().max(200),
      seconds: formNumber,
      faultAt: formNumber.default(0),
      faultFor: formNumber.optional(),
      during: z.array(faultActionSchema).default([]),
      timeoutMs: z.number().int().positive().default(20_000),
      haltAboveMs: z.number().int().positive().optional(),
    })
    .strict(),
]);

export type Action = z.infer<typeof actionSchema>;
export type FaultAction = z.infer<typeof faultActionSchema>;
export type LoadAction = Extract<Action, { type: 'load' }>;
