import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
import { edgeServerOptions } from '@lab/http-edge';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { MockConfig } from './config.js';
import { createContext, type MockContext } from './context.js';
import { genesysErrorShape, registerErrorHandling } from './error-handler.js';
import { registerJsonBody } from './json-body.js';
import { LIMITS } from './limits.js';
import { registerPipeline } from './pipeline.js';
import { adminRoutes } from './routes/admin.js';
import { analyticsDetailsRoutes } from './routes/analytics-details.js';
import { analyticsJobRoutes } from './routes/analytics-jobs.js';
import { conversationRoutes } from './routes/conversations.js';
import { healthRoutes } from './routes/health.js';
import { notificationRoutes } from './routes/notifications.js';
import { notificationSocketRoutes, refuseStrayUpgrades } from './routes/notifications-socket.js';
import { oauthRoutes } from './routes/oauth.js';
import { queueObservationRoutes } from './routes/queue-observations.js';
import { routingRoutes } from './routes/routing.js';
import { usageRoutes } from './routes/usage.js';
import { userRoutes } from './routes/users.js';
import { wfmRoutes } from './routes/wfm.js';

export interface MockApp {
  app: FastifyInstance;
  ctx: MockContext;
}

/** Builds the mock Genesys Cloud API. Tests drive it with inject(); main.ts only listens. */
export async function buildApp(config: MockConfig, now: () => number = Date.now): Promise<MockApp> {
  const ctx = createContext(config, now);
  const app = Fastify({
    // Slow-client timeouts, router limits, router and parser errors in the Genesys error body.
    ...edgeServerOptions(genesysErrorShape, config),
    logger: config.MOCK_LOG_LEVEL === 'silent' ? false : { level: config.MOCK_LOG_LEVEL },
    bodyLimit: config.MOCK_BODY_LIMIT_BYTES,
    // Per-request log lines only at debug and trace: at load they would cost more than the answers.
    logController: new LogController({
      disableRequestLogging: config.MOCK_LOG_LEVEL !== 'debug' && config.MOCK_LOG_LEVEL !== 'trace',
    }),
    return503OnClosing: false,
  });
  registerJsonBody(app);
  await app.register(formbody);
  // Client frames are pings: anything larger than LIMITS.socketFrameBytes closes the socket (1009).
  await app.register(websocket, { options: { maxPayload: LIMITS.socketFrameBytes } });
  registerErrorHandling(app);
  registerPipeline(app, ctx);
  refuseStrayUpgrades(app);

  for (const routes of [
    healthRoutes,
    oauthRoutes,
    routingRoutes,
    userRoutes,
    analyticsDetailsRoutes,
    analyticsJobRoutes,
    conversationRoutes,
    queueObservationRoutes,
    notificationRoutes,
    notificationSocketRoutes,
    wfmRoutes,
    usageRoutes,
    adminRoutes,
  ]) {
    await app.register(async (scope) => routes(scope, ctx));
  }
  // Live traffic follows the wall clock by itself; with an injected clock the test moves time and the reads follow.
  if (now === Date.now) {
    const stop = ctx.traffic.run();
    app.addHook('onClose', async () => stop());
  }
  return { app, ctx };
}
