import { edgeServerOptions } from '@lab/http-edge';
import { mockErrorShape, registerErrorHandling } from '@lab/mock-kit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { NotifierConfig } from './config.js';
import { createContext, type NotifierContext, type NotifierDeps } from './context.js';
import { registerPipeline } from './pipeline.js';
import { adminRoutes } from './routes/admin.js';
import { healthRoutes } from './routes/health.js';
import { notificationRoutes } from './routes/notifications.js';

export interface NotifierApp {
  app: FastifyInstance;
  ctx: NotifierContext;
}

/** Builds the mock notifier. Tests drive it with inject(); main.ts only listens. */
export async function buildApp(config: NotifierConfig, deps: NotifierDeps = {}): Promise<NotifierApp> {
  const ctx = createContext(config, deps);
  const app = Fastify({
    // Slow-client timeouts, router limits, router and parser errors in the mock's error shape.
    ...edgeServerOptions(mockErrorShape, config),
    logger: config.NOTIFIER_LOG_LEVEL === 'silent' ? false : { level: config.NOTIFIER_LOG_LEVEL },
    logController: new LogController({
      disableRequestLogging: config.NOTIFIER_LOG_LEVEL !== 'debug' && config.NOTIFIER_LOG_LEVEL !== 'trace',
    }),
    bodyLimit: config.NOTIFIER_BODY_LIMIT_BYTES,
    return503OnClosing: false,
  });
  registerErrorHandling(app);
  registerPipeline(app, ctx);
  for (const routes of [healthRoutes, notificationRoutes, adminRoutes]) {
    await app.register(async (scope) => routes(scope, ctx));
  }
  return { app, ctx };
}
