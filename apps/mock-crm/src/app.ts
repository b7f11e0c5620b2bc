import { edgeServerOptions } from '@lab/http-edge';
import { mockErrorShape, registerApiPipeline, registerErrorHandling } from '@lab/mock-kit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { CrmConfig } from './config.js';
import { type CrmContext, type CrmDeps, createContext } from './context.js';
import { adminRoutes } from './routes/admin.js';
import { customerRoutes } from './routes/customers.js';
import { healthRoutes } from './routes/health.js';

export interface CrmApp {
  app: FastifyInstance;
  ctx: CrmContext;
}

/** Builds the mock CRM. Tests drive it with inject(); main.ts only listens. */
export async function buildApp(config: CrmConfig, deps: CrmDeps = {}): Promise<CrmApp> {
  const ctx = createContext(config, deps);
  const app = Fastify({
    // Slow-client timeouts, router limits, router and parser errors in the mock's error shape.
    ...edgeServerOptions(mockErrorShape, config),
    logger: config.CRM_LOG_LEVEL === 'silent' ? false : { level: config.CRM_LOG_LEVEL },
    logController: new LogController({
      disableRequestLogging: config.CRM_LOG_LEVEL !== 'debug' && config.CRM_LOG_LEVEL !== 'trace',
    }),
    return503OnClosing: false,
  });
  registerErrorHandling(app);
  // Before every API request: injected error, then injected delay. After it: the request counter.
  registerApiPipeline(app, ctx);
  for (const routes of [healthRoutes, customerRoutes, adminRoutes]) {
    await app.register(async (scope) => routes(scope, ctx));
  }
  return { app, ctx };
}
