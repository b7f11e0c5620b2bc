import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkAdmin } from '../admin-guard.js';
import type { NotifierContext } from '../context.js';
import { errorRateSchema, slowSchema } from '../faults/fault-controls.js';
import { HttpError } from '../http-error.js';
import { parseInput } from '../validation.js';

const kindParams = z.object({ kind: z.enum(['error-rate', 'slow']) });
const resetBody = z.object({ seed: z.number().int().min(0).optional() }).default({});
const deliveriesQuery = z.object({ byEventId: z.enum(['true', 'false']).default('false') });

/** /__admin: the delivery record and fault controls for the notifier's API routes. Not part of its API. */
export async function adminRoutes(app: FastifyInstance, ctx: NotifierContext): Promise<void> {
  app.addHook('onRequest', async (request) => checkAdmin(request, ctx.config.NOTIFIER_ADMIN_TOKEN));

  app.get('/__admin/deliveries', async (request) => {
    const { byEventId } = parseInput(deliveriesQuery, request.query, 'query');
    return ctx.deliveries.summary(byEventId === 'true');
  });

  app.delete('/__admin/deliveries', async (_request, reply) => {
    ctx.deliveries.clear();
    return reply.code(204).send();
  });

  app.get('/__admin/state', async () => ({
    faultSeed: ctx.config.NOTIFIER_FAULT_SEED,
    faults: ctx.faults.describe(),
    deliveries: ctx.deliveries.summary(),
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

  /** Clears faults and the delivery record, and restarts the fault draws. */
  app.post('/__admin/reset', async (request) => {
    const { seed } = parseInput(resetBody, request.body ?? {}, 'body');
    ctx.faults.reset(seed);
    ctx.deliveries.clear();
    return { reset: true, faultSeed: seed ?? ctx.config.NOTIFIER_FAULT_SEED };
  });
}
