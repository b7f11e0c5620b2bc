import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { agentShifts, weekSchedules } from '../data/schedules.js';
import { invalidField, notFound } from '../errors.js';
import { parseInput } from '../validation.js';

const MAX_SEARCH_DAYS = 31;
const weekId = z.iso.date({ error: 'weekId must be a date, YYYY-MM-DD' });
const searchBody = z
  .object({
    startDate: z.iso.datetime({ offset: true, error: 'startDate must be an ISO-8601 date-time' }),
    endDate: z.iso.datetime({ offset: true, error: 'endDate must be an ISO-8601 date-time' }),
    userIds: z.array(z.string().min(1)).max(500).optional(),
  })
  .refine((b) => Date.parse(b.endDate) > Date.parse(b.startDate), {
    message: 'endDate must be after startDate',
    path: ['endDate'],
  })
  .refine((b) => Date.parse(b.endDate) - Date.parse(b.startDate) <= MAX_SEARCH_DAYS * 86_400_000, {
    message: `the range may span at most ${MAX_SEARCH_DAYS} days`,
    path: ['endDate'],
  });

type BuParams = { Params: { businessUnitId: string } };

/** WFM: business units, week schedules and agent schedule search (answered synchronously, status Complete). */
export async function wfmRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  const base = '/api/v2/workforcemanagement/businessunits';
  const findBu = (id: string) => {
    const bu = ctx.data.businessUnits.find((b) => b.id === id);
    if (!bu) throw notFound(`Business unit ${id} not found`);
    return bu;
  };

  app.get(base, async () => ({
    entities: ctx.data.businessUnits.map(({ userIds: _u, ...bu }) => bu),
  }));

  app.get<{ Params: { businessUnitId: string; weekId: string } }>(
    `${base}/:businessUnitId/weeks/:weekId/schedules`,
    async (request) => {
      const bu = findBu(request.params.businessUnitId);
      const week = parseInput(z.object({ weekId }), request.params, 'path').weekId;
      return { entities: weekSchedules(ctx.config.MOCK_SEED, bu.id, week) };
    },
  );

  app.post<BuParams>(`${base}/:businessUnitId/agentschedules/search`, async (request) => {
    const bu = findBu(request.params.businessUnitId);
    const body = parseInput(searchBody, request.body ?? {}, 'body');
    const members = new Set(bu.userIds);
    const unknown = body.userIds?.find((id) => !members.has(id));
    if (unknown) throw invalidField('userIds', `User ${unknown} is not in business unit ${bu.id}`);
    const from = Date.parse(body.startDate);
    const to = Date.parse(body.endDate);
    return {
      status: 'Complete',
      operationId: randomUUID(),
      result: {
        agentSchedules: (body.userIds ?? bu.userIds).map((userId) => ({
          user: { id: userId, selfUri: `/api/v2/users/${userId}` },
          shifts: agentShifts(ctx.config.MOCK_SEED, userId, from, to),
          fullDayTimeOffMarkers: [],
        })),
        businessUnitTimeZone: 'UTC',
      },
    };
  });
}
