import type { FastifyInstance } from 'fastify';
import type { NotifierContext } from '../context.js';

/** Liveness and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, ctx: NotifierContext): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => {
    void reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
