import { z } from 'zod';
import { actionSchema } from './action.js';
import { formNumber } from './form.js';
import { probeSchema } from './probe.js';

/**
 * An experiment, as data (Chaos Toolkit's shape): a steady-state hypothesis checked before and after the method,
 * probes checked over what happened during it, the method, and rollbacks that always run.
 */
export const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'experiment names are kebab-case'),
    title: z.string().min(1),
    description: z.string().min(1),
    /** The service under test: on the naive side the review runs a copy of it with RESILIENCE_MODE=naive. */
    target: z.string().min(1),
    /** Extra settings of the naive copy, e.g. its own Redis stream names so that the lab's workers leave it be. */
    naiveEnv: z.record(z.string(), z.string()).default({}),
    'steady-state-hypothesis': z
      .object({
        title: z.string().min(1),
        probes: z.array(probeSchema).default([]),
        /** After the rollbacks, the hypothesis may take this long to hold again (recovery bound, ms). */
        settleWithinMs: formNumber.default(0),
        /** Before the method, the hypothesis may take this long to hold first (a naive copy just started, ms). */
        reachWithinMs: formNumber.default(0),
      })
      .strict(),
    during: z.array(probeSchema).default([]),
    method: z.array(actionSchema).min(1),
    rollbacks: z.array(actionSchema).default([]),
  })
  .strict();

export type Experiment = z.infer<typeof experimentSchema>;
