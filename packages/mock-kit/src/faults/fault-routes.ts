import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { parseInput } from '../validation.js';
import type { FaultControls } from './fault-controls.js';
import { type ErrorRateSpec, slowSchema } from './fault-specs.js';

const kindParams = z.object({ kind: z.enum(['error-rate', 'slow']) });
const resetBody = z.object({ seed: z.number().int().min(0).optional() }).default({});

export interface FaultRoutesOptions<E extends ErrorRateSpec> {
  faults: FaultControls<E>;
  /** Schema of error-rate bodies: errorRateSchema, or an app's extension of it. */
  errorRateSchema: z.ZodType<E>;
  /** The configured fault seed, which reset answers when the body names none. */
  faultSeed: number;
  /** Runs on reset once the faults are cleared, e.g. to forget what the app recorded. */
  onReset?: () => void;
}

/**
 * The fault half of /__admin: POST faults/error-rate and faults/slow (201, the fault as set), DELETE faults/:kind
 * (204; 404 when none is set) and POST reset. The caller guards the scope (see checkAdmin).
 */
export function registerFaultRoutes<E extends ErrorRateSpec>(app: FastifyInstance, options: FaultRoutesOptions<E>) {
  const { faults } = options;

  app.post('/__admin/faults/error-rate', async (request, reply) =>
    reply.code(201).send(faults.setErrorRate(parseInput(options.errorRateSchema, request.body ?? {}, 'body'))),
  );

  app.post('/__admin/faults/slow', async (request, reply) =>
    reply.code(201).send(faults.setSlow(parseInput(slowSchema, request.body ?? {}, 'body'))),
  );

  app.delete('/__admin/faults/:kind', async (request, reply) => {
    const { kind } = parseInput(kindParams, request.params, 'kind');
    if (!faults.clear(kind)) throw new HttpError(404, 'not_found', `No ${kind} fault is set`, 'kind');
    return reply.code(204).send();
  });

  /** Clears every fault and restarts the draws, from `seed` when given. */
  app.post('/__admin/reset', async (request) => {
    const { seed } = parseInput(resetBody, request.body ?? {}, 'body');
    faults.reset(seed);
    options.onReset?.();
    return { reset: true, faultSeed: seed ?? options.faultSeed };
  });
}
