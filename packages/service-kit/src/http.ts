import {
  type EdgeError,
  type ErrorShape,
  edgeServerOptions,
  frameworkEdgeError,
  isClientFrameworkError,
  registerEdge,
  sendEdgeError,
} from '@lab/http-edge';
import { inRequestContext, traceServerRequests } from '@lab/telemetry';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { ServiceContext } from './context.js';
import { BadRequest } from './validation.js';

/** A service's error body, `{error, message, details[{field, message}]}`, for an edge error (router, body reader, parser). */
export const serviceErrorShape: ErrorShape = (error: EdgeError) => ({
  body: {
    error: error.code,
    message: error.message,
    details: [
      { field: error.field, message: error.limit ? `${error.limit.name}: ${error.limit.value}` : error.message },
    ],
  },
});

/**
 * The HTTP side every lab service shares: /healthz (with each dependency's policy state), /metrics
 * (OpenMetrics, exemplars included), and one error handler so that every failure is a JSON body naming the
 * problem and nothing a client sends can crash the process.
 */
export function createServiceHttp(
  ctx: ServiceContext,
  extraHealth: () => Record<string, unknown> = () => ({}),
): FastifyInstance {
  const app = Fastify({
    ...edgeServerOptions(serviceErrorShape, ctx.config),
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
  });
  // The server span of every request (before any route: it wraps each handler in the span's context).
  traceServerRequests(app);

  app.setErrorHandler((error: FastifyError | BadRequest, request, reply) =>
    inRequestContext(request, () => {
      if (error instanceof BadRequest) {
        return reply.code(error.status).send({ error: error.error, message: error.message, details: error.details });
      }
      if (isClientFrameworkError(error))
        return sendEdgeError(reply, serviceErrorShape, frameworkEdgeError(error, request));
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ error: 'internal_error', message: 'internal error', details: [] });
    }),
  );
  // Unknown paths 404, known paths with another method 405 + Allow, in the same shape.
  registerEdge(app, serviceErrorShape);

  app.get('/healthz', async () => ({
    status: 'ok',
    service: ctx.service,
    mode: ctx.config.RESILIENCE_MODE,
    redis: ctx.redis.status,
    dependencies: Object.fromEntries(ctx.callers().map((c) => [c.dependency, c.state()])),
    ...extraHealth(),
  }));
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', ctx.registry.contentType).send(await ctx.registry.metrics()),
  );
  return app;
}
