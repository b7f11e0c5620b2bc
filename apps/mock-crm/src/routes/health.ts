import type { FastifyInstance } from 'fastify';
import type { CrmContext } from '../context.js';

/** Liveness and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, ctx: CrmContext): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok', seed: ctx.config.CRM_SEED }));
  app.get('/metrics', async (_request, reply) => {
    void reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
