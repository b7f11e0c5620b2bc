import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAdmin } from '../admin-guard.js';
import type { CrmContext } from '../context.js';
import { errorRateSchema, slowSchema } from '../faults/fault-controls.js';
import { HttpError } from '../http-error.js';
import { parseInput } from '../validation.js';

const kindParams = z.object({ kind: z.enum(['error-rate', 'slow']) });
const resetBody = z.object({ seed: z.number().int().min(0).optional() }).default({});

/** /__admin: fault controls for the CRM's API routes. Not part of the CRM API. */
export async function adminRoutes(app: FastifyInstance, ctx: CrmContext): Promise<void> {
  app.addHook('onRequest', async (request) => checkAdmin(request, ctx.config.CRM_ADMIN_TOKEN));

  app.get('/__admin/state', async () => ({
    seed: ctx.config.CRM_SEED,
    faultSeed: ctx.config.CRM_FAULT_SEED,
    faults: ctx.faults.describe(),
  }));

  app.post('/__admin/faults/error-rate', async (request, reply) =>
    reply.code(201).send(ctx.faults.setErrorRate(parseInput(errorRateSchema, request.body ?? {}, 'body'))),
  );

  app.post('/__admin/faults/slow', async (request, reply) =>
    reply.code(201).send(ctx.faults.setSlow(parseInput(slowSchema, request.body ?? {}, 'body'))),
  );

  app.delete('/__admin/faults/:kind', async (request, reply) => {
    const { kind } = parseInput(kindParams, request.params, 'kind');
    if (!ctx.faults.clear(kind)) throw new HttpError(404, 'not_found', `No ${kind} fault is set`, 'kind');
    return reply.code(204).send();
  });

  app.post('/__admin/reset', async (request) => {
    const { seed } = parseInput(resetBody, request.body ?? {}, 'body');
    ctx.faults.reset(seed);
    return { reset: true, faultSeed: seed ?? ctx.config.CRM_FAULT_SEED };
  });
}
