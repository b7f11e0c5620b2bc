import type { FastifyInstance } from 'fastify';
import { selectConversations } from '../analytics/filter.js';
import { detailsQuerySchema } from '../analytics/query.js';
import type { MockContext } from '../context.js';
import { parseInput } from '../validation.js';

/** POST /api/v2/analytics/conversations/details/query: filters, order and paging over the data set. */
export async function analyticsDetailsRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.post('/api/v2/analytics/conversations/details/query', async (request) => {
    const query = parseInput(detailsQuerySchema, request.body ?? {}, 'body');
    const matching = selectConversations(ctx.data.conversations, query);
    const { pageSize, pageNumber } = query.paging;
    const conversations = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    // Like the platform, an empty result carries totalHits only.
    return conversations.length > 0 ? { conversations, totalHits: matching.length } : { totalHits: matching.length };
  });
}
