import type { FastifyInstance } from 'fastify';
import type { MockContext } from '../context.js';
import type { User } from '../data/types.js';
import { notFound } from '../errors.js';
import { listingPage, listingQuerySchema } from '../paging.js';
import { sendJson } from '../send-json.js';
import { queryText } from '../serialized-cache.js';
import { parseInput } from '../validation.js';

const publicUser = ({ queueIds: _queueIds, ...user }: User) => user;

export async function userRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.get('/api/v2/users', (request, reply) => {
    const body = ctx.listings.forText(`users?${queryText(request.url)}`, () => {
      const query = parseInput(listingQuerySchema, request.query, 'query');
      return ctx.listings.get(`users|${query.pageSize}|${query.pageNumber}`, () => {
        const page = listingPage(ctx.data.users, '/api/v2/users', query);
        return { ...page, entities: page.entities.map(publicUser) };
      });
    });
    sendJson(request, reply, body);
  });

  app.get<{ Params: { userId: string } }>('/api/v2/users/:userId', async (request) => {
    const user = ctx.data.usersById.get(request.params.userId);
    if (!user) throw notFound(`User ${request.params.userId} not found`);
    return publicUser(user);
  });
}
