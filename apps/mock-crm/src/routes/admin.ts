import { checkAdmin, errorRateSchema, registerFaultRoutes } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import type { CrmContext } from '../context.js';

/** /__admin: fault controls for the CRM's API routes. Not part of the CRM API. */
export async function adminRoutes(app: FastifyInstance, ctx: CrmContext): Promise<void> {
  app.addHook('onRequest', async (request) => checkAdmin(request, ctx.config.CRM_ADMIN_TOKEN));

  app.get('/__admin/state', async () => ({
    seed: ctx.config.CRM_SEED,
    faultSeed: ctx.config.CRM_FAULT_SEED,
    faults: ctx.faults.describe(),
  }));

  registerFaultRoutes(app, { faults: ctx.faults, errorRateSchema, faultSeed: ctx.config.CRM_FAULT_SEED });
}
