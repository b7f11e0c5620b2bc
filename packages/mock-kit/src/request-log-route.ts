import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RequestLog } from './request-log.js';
import { parseInput } from './validation.js';

const requestsQuery = z.object({
  route: z.string().startsWith('/').optional(),
  client: z.string().min(1).optional(),
  /** Epoch milliseconds. */
  since: z.coerce.number().int().min(0).optional(),
});

/** GET /__admin/requests?since=&route=&client=: the log, oldest first. The caller guards the scope. */
export function registerRequestLogRoute(app: FastifyInstance, log: RequestLog): void {
  app.get('/__admin/requests', async (request) => ({
    requests: log.entries(parseInput(requestsQuery, request.query, 'query')),
  }));
}
