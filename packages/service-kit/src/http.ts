import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import type { ServiceContext } from './context.js';
import { BadRequest } from './validation.js';

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
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
  });

  app.setErrorHandler((error: FastifyError | BadRequest, request, reply) => {
    if (error instanceof BadRequest) {
      return reply.code(error.status).send({ error: error.error, message: error.message, details: error.details });
    }
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(status).send({
      error: status === 500 ? 'internal_error' : 'bad_request',
      message: status === 500 ? 'internal error' : error.message,
      details: [],
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, details: [] }),
  );

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
