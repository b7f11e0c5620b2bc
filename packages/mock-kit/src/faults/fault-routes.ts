import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { parseInput } from '../validation.js';
import type { FaultEngine } from './fault-engine.js';
import type { Fault } from './fault-kind.js';

const resetBody = z.object({ seed: z.number().int().min(0).optional() }).default({});
const idParams = z.object({ id: z.string().min(1).max(200) });

export interface FaultRoutesOptions {
  faults: FaultEngine;
  /** Runs once a fault is added (e.g. maintenance closes the notification sockets); its fields join the answer. */
  onAdded?: (fault: Fault) => Record<string, unknown> | undefined;
  /** Runs on reset once the faults are cleared, e.g. to forget what the app recorded. */
  onReset?: () => void;
}

/**
 * The fault half of /__admin, in Toxiproxy's shape: POST faults (201, the fault), GET faults, DELETE faults/:id
 * (204; 404 naming id), POST reset. The caller guards the scope (see checkAdmin).
 */
export function registerFaultRoutes(app: FastifyInstance, options: FaultRoutesOptions): void {
  const { faults } = options;

  app.post('/__admin/faults', async (request, reply) => {
    const fault = faults.add(request.body);
    return reply.code(201).send({ ...fault, ...options.onAdded?.(fault) });
  });

  app.get('/__admin/faults', async () => ({ faults: faults.list() }));

  app.delete('/__admin/faults/:id', async (request, reply) => {
    const { id } = parseInput(idParams, request.params, 'id');
    if (!faults.remove(id)) throw new HttpError(404, 'not_found', `No fault ${id}`, 'id');
    return reply.code(204).send();
  });

  /** Clears every fault and restarts the draws, from `seed` when given. */
  app.post('/__admin/reset', async (request) => {
    const { seed } = parseInput(resetBody, request.body ?? {}, 'body');
    faults.reset(seed);
    options.onReset?.();
    return { reset: true, faultSeed: seed ?? faults.seed };
  });
}
