import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { notFound } from '../errors.js';
import { listingPage, listingQuerySchema } from '../paging.js';
import { sendJson } from '../send-json.js';
import { parseInput } from '../validation.js';

const queuesQuery = listingQuerySchema.extend({ name: z.string().min(1).optional() });

/** Queue name filter: exact (case-insensitive), or a prefix when it ends with '*'. */
function nameMatches(name: string, pattern: string): boolean {
  const n = name.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith('*') ? n.startsWith(p.slice(0, -1)) : n === p;
}

export async function routingRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.get('/api/v2/routing/queues', async (request, reply) => {
    const query = parseInput(queuesQuery, request.query, 'query');
    const { name, pageSize, pageNumber } = query;
    const body = ctx.listings.get(`queues|${name ?? ''}|${pageSize}|${pageNumber}`, () => {
      const queues = name ? ctx.data.queues.filter((q) => nameMatches(q.name, name)) : ctx.data.queues;
      return listingPage(queues, '/api/v2/routing/queues', query, { name });
    });
    return sendJson(request, reply, body);
  });

  app.get<{ Params: { queueId: string } }>('/api/v2/routing/queues/:queueId', async (request) => {
    const queue = ctx.data.queuesById.get(request.params.queueId);
    if (!queue) throw notFound(`Queue ${request.params.queueId} not found`);
    return queue;
  });
}
