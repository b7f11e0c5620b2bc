import { checkAdmin, parseInput, registerFaultRoutes, registerRequestLogRoute } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NotifierContext } from '../context.js';

const deliveriesQuery = z.object({ byEventId: z.enum(['true', 'false']).default('false') });

/** /__admin: the delivery record, the request log and fault controls for the notifier's API routes. Not part of its API. */
export async function adminRoutes(app: FastifyInstance, ctx: NotifierContext): Promise<void> {
  app.addHook('onRequest', async (request) => checkAdmin(request, ctx.config.NOTIFIER_ADMIN_TOKEN));

  app.get('/__admin/deliveries', async (request) => {
    const { byEventId } = parseInput(deliveriesQuery, request.query, 'query');
    return ctx.deliveries.summary(byEventId === 'true');
  });

  app.delete('/__admin/deliveries', async (_request, reply) => {
    ctx.deliveries.clear();
    ctx.idempotency.clear();
    return reply.code(204).send();
  });

  app.get('/__admin/state', async () => ({
    faultSeed: ctx.config.NOTIFIER_FAULT_SEED,
    faults: ctx.faults.list(),
    deliveries: ctx.deliveries.summary(),
  }));

  registerRequestLogRoute(app, ctx.requests);
  // Fault controls; reset also forgets every delivery and the request log.
  registerFaultRoutes(app, {
    faults: ctx.faults,
    onReset: () => {
      ctx.deliveries.clear();
      ctx.idempotency.clear();
      ctx.requests.clear();
    },
  });
}
