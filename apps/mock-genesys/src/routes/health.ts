import type { FastifyInstance } from 'fastify';
import type { MockContext } from '../context.js';

/** The mock's own endpoints (not Genesys API): liveness and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.get('/healthz', async () => ({
    status: 'ok',
    seed: ctx.config.MOCK_SEED,
    conversations: ctx.data.conversations.length,
  }));
  app.get('/metrics', async (_request, reply) => {
    void reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
