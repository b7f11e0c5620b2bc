import type { FastifyInstance } from 'fastify';
import type { CrmContext } from './context.js';

const isApi = (url: string) => url.startsWith('/api/');

/** Before every CRM API request: injected error, then injected delay. After it: the request counter. */
export function registerPipeline(app: FastifyInstance, ctx: CrmContext): void {
  app.addHook('onRequest', async (request) => {
    if (!isApi(request.url)) return;
    const error = ctx.faults.errorFor();
    if (error) {
      ctx.metrics.faults.inc({ kind: 'error-rate' });
      throw error;
    }
    const delayMs = ctx.faults.delayFor();
    if (delayMs > 0) {
      ctx.metrics.faults.inc({ kind: 'slow' });
      await ctx.sleep(delayMs);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!isApi(request.url)) return;
    ctx.metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
}
