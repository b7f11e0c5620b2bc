import { parseInput } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { exportIdSchema } from '../checkpoint.js';
import { TooManyExportsError } from '../export-errors.js';
import type { ExportManager } from '../export-manager.js';
import { intervalSchema } from '../interval.js';

const createSchema = z.object({
  interval: intervalSchema,
  pageSize: z
    .number({ error: 'pageSize must be a whole number from 1 to 1000' })
    .int('pageSize must be a whole number from 1 to 1000')
    .min(1, 'pageSize must be at least 1')
    .max(1_000, 'pageSize must be at most 1000')
    .optional(),
  /** Optional: names the export (and its files); a failed export asked again with its id goes on from its checkpoint. */
  exportId: exportIdSchema.optional(),
});

const paramsSchema = z.object({ id: exportIdSchema });

/** POST /exports (202), GET /exports/:id, GET /exports. */
export async function exportRoutes(app: FastifyInstance, manager: ExportManager) {
  app.post('/exports', async (request, reply) => {
    const input = parseInput(createSchema, request.body ?? {}, 'body');
    try {
      const status = await manager.submit(input);
      return reply.code(202).send({ exportId: status.exportId, status: status.state });
    } catch (error) {
      if (error instanceof TooManyExportsError) void reply.header('retry-after', '10');
      throw error;
    }
  });

  app.get('/exports/:id', async (request) => {
    const { id } = parseInput(paramsSchema, request.params, 'params');
    return manager.status(id);
  });

  app.get('/exports', async () => ({ exports: manager.list() }));
}
