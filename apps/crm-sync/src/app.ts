import { createServiceContext, createServiceHttp, type ServiceContext } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { CrmSyncConfig } from './config.js';
import { dataActionRoutes } from './routes/data-action.js';

export interface CrmSyncApp {
  app: FastifyInstance;
  ctx: ServiceContext;
}

/** crm-sync: the Data Action fulfillment service. Tests drive it with inject(); main.ts only listens. */
export async function buildApp(config: CrmSyncConfig, deps: { logger?: Logger } = {}): Promise<CrmSyncApp> {
  const ctx = createServiceContext({ service: 'crm-sync', config, ...deps });
  // Create both callers up front, so /healthz shows their state before the first call.
  ctx.caller('crm');
  ctx.caller('genesys');
  const app = createServiceHttp(ctx);
  await app.register(async (scope) => dataActionRoutes(scope, ctx, config));
  return { app, ctx };
}
