import type { FastifyInstance } from 'fastify';
import { detailsQuerySchema } from '../analytics/query.js';
import type { MockContext } from '../context.js';
import { sendJson } from '../send-json.js';
import { parseInput } from '../validation.js';

/** POST /api/v2/analytics/conversations/details/query: filters, order and paging over the data set. */
export async function analyticsDetailsRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.post('/api/v2/analytics/conversations/details/query', async (request, reply) => {
    // The answer depends only on the body: a body seen before skips validation (a bad one is never remembered).
    const body = ctx.details.pageFor(request.rawJson, () => parseInput(detailsQuerySchema, request.body ?? {}, 'body'));
    return sendJson(request, reply, body);
  });
}
