import type { FastifyInstance } from 'fastify';
import { type DetailsJobQuery, type DetailsQuery, detailsQuerySchema, predicateCount } from '../analytics/query.js';
import type { MockContext } from '../context.js';
import { overLimit } from '../errors.js';
import { parseJsonText, registerJsonTextBody } from '../json-body.js';
import { LIMITS } from '../limits.js';
import { sendJson } from '../send-json.js';
import { parseInput } from '../validation.js';

/** Refuses a query whose filters would cost too much per conversation (400 naming the limit). */
export function checkPredicates<Q extends DetailsQuery | DetailsJobQuery>(query: Q): Q {
  const count = predicateCount(query);
  if (count > LIMITS.detailsPredicates) {
    throw overLimit(
      'segmentFilters',
      'detailsPredicates',
      LIMITS.detailsPredicates,
      `A query may hold at most ${LIMITS.detailsPredicates} predicates over all its filters and clauses; got ${count}`,
    );
  }
  return query;
}

/** POST /api/v2/analytics/conversations/details/query: filters, order and paging over the data set. */
export async function analyticsDetailsRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  // This scope's JSON bodies stay text until the route needs their value (a body answered before never does).
  registerJsonTextBody(app);
  // Not async: it answers at once, and an async handler costs a promise and a microtask per request.
  app.post('/api/v2/analytics/conversations/details/query', (request, reply) => {
    // The answer depends only on the body: a body seen before skips parsing and validation (a bad one is never
    // remembered). A large body is answered but not remembered by its text (the cache's keys stay small).
    const raw = request.rawJson ?? '';
    const text = raw.length > 0 && raw.length <= LIMITS.cachedBodyBytes ? raw : undefined;
    const body = ctx.details.pageFor(text, () =>
      checkPredicates(parseInput(detailsQuerySchema, parseJsonText(raw) ?? {}, 'body')),
    );
    sendJson(request, reply, body);
  });
}
