import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { notFound } from '../errors.js';
import { listingPage, listingQuerySchema } from '../paging.js';
import { sendJson } from '../send-json.js';
import { queryText } from '../serialized-cache.js';
import { parseInput } from '../validation.js';

const queuesQuery = listingQuerySchema.extend({ name: z.string().min(1).optional() });

/** Queue name filter: exact (case-insensitive), or a prefix when it ends with '*'. */
function nameMatches(name: string, pattern: string): boolean {
  const n = name.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith('*') ? n.startsWith(p.slice(0, -1)) : n === p;
}

export async function routingRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  // Not async: it answers at once, and an async handler costs a promise and a microtask per request.
  app.get('/api/v2/routing/queues', (request, reply) => {
    const body = ctx.listings.forText(`queues?${queryText(request.url)}`, () => {
      const query = parseInput(queuesQuery, request.query, 'query');
      const { name, pageSize, pageNumber } = query;
      return ctx.listings.get(`queues|${name ?? ''}|${pageSize}|${pageNumber}`, () => {
        const queues = name ? ctx.data.queues.filter((q) => nameMatches(q.name, name)) : ctx.data.queues;
        return listingPage(queues, '/api/v2/routing/queues', query, { name });
      });
    });
    sendJson(request, reply, body);
  });

  app.get<{ Params: { queueId: string } }>('/api/v2/routing/queues/:queueId', async (request) => {
    const queue = ctx.data.queuesById.get(request.params.queueId);
    if (!queue) throw notFound(`Queue ${request.params.queueId} not found`);
    return queue;
  });
}
