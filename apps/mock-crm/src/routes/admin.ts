import { checkAdmin, registerFaultRoutes, registerRequestLogRoute } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import type { CrmContext } from '../context.js';

/** /__admin: fault controls and the request log of the CRM's API routes. Not part of the CRM API. */
export async function adminRoutes(app: FastifyInstance, ctx: CrmContext): Promise<void> {
  app.addHook('onRequest', async (request) => checkAdmin(request, ctx.config.CRM_ADMIN_TOKEN));

  app.get('/__admin/state', async () => ({
    seed: ctx.config.CRM_SEED,
    faultSeed: ctx.config.CRM_FAULT_SEED,
    faults: ctx.faults.list(),
  }));

  registerRequestLogRoute(app, ctx.requests);
  // Reset also forgets the request log.
  registerFaultRoutes(app, { faults: ctx.faults, onReset: () => ctx.requests.clear() });
}
