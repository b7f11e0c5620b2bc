import { BadRequest, parseInput } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ScheduleStore, ServedSchedule } from '../schedule-store.js';
import { newer, type SharedSchedules } from '../shared-schedules.js';

const querySchema = z.object({
  businessUnitId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'businessUnitId must be 1-64 letters, digits, "_" or "-"')
    .optional(),
});

/**
 * GET /schedules/current: the last good schedule of a business unit (default: the first pulled), answered from
 * memory whatever Genesys is doing; `stale` when the latest pull could not refresh it. 503 only while nothing was
 * ever pulled for it. With other replicas: the newer of this replica's schedule and the one they share (a replica that
 * lost the pull lock serves the winner's, not its own older one).
 */
export async function scheduleRoutes(app: FastifyInstance, store: ScheduleStore, shared?: SharedSchedules) {
  const currentOf = async (businessUnitId: string | undefined): Promise<ServedSchedule | undefined> => {
    const own = store.current(businessUnitId);
    if (!shared) return own;
    const theirs = await shared.read(businessUnitId ?? own?.snapshot.businessUnit.id);
    const best = newer(own?.snapshot, theirs);
    if (!best || best === own?.snapshot) return own;
    return { snapshot: best, stale: false };
  };

  app.get('/schedules/current', async (request, reply) => {
    const { businessUnitId } = parseInput(querySchema, request.query ?? {}, 'query');
    const served = await currentOf(businessUnitId);
    if (!served) {
      if (businessUnitId !== undefined && store.current() !== undefined && !store.knows(businessUnitId)) {
        throw new BadRequest(
          `no business unit ${businessUnitId}`,
          [{ field: 'businessUnitId', message: 'unknown business unit' }],
          404,
          'business_unit_not_found',
        );
      }
      const lastError = store.lastError(businessUnitId);
      return reply.code(503).send({
        error: 'no_schedule_yet',
        message: 'no schedule has been pulled yet; see lastError and GET /pulls/last',
        details: [],
        ...(lastError ? { lastError } : {}),
      });
    }
    const { snapshot, stale, lastError } = served;
    return {
      businessUnitId: snapshot.businessUnit.id,
      businessUnitName: snapshot.businessUnit.name,
      weekId: snapshot.weekId,
      window: snapshot.window,
      schedules: snapshot.schedules,
      agentSchedules: snapshot.agentSchedules,
      pulledAt: snapshot.pulledAt,
      stale,
      ...(lastError ? { lastError } : {}),
    };
  });
}
