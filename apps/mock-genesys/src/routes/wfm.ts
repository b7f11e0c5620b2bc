import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { agentShifts, weekSchedules } from '../data/schedules.js';
import { invalidField, notFound, overLimit } from '../errors.js';
import { LIMITS } from '../limits.js';
import { parseInput } from '../validation.js';

const DAY_MS = 86_400_000;
/** Users whose shifts are built per event-loop turn (one user over 31 days is ~8 ms of work). */
const USERS_PER_TURN = 1;
const weekId = z.iso.date({ error: 'weekId must be a date, YYYY-MM-DD' });
const searchBody = z
  .object({
    startDate: z.iso.datetime({ offset: true, error: 'startDate must be an ISO-8601 date-time' }),
    endDate: z.iso.datetime({ offset: true, error: 'endDate must be an ISO-8601 date-time' }),
    userIds: z.array(z.string().min(1).max(128)).optional(),
  })
  .refine((b) => Date.parse(b.endDate) > Date.parse(b.startDate), {
    message: 'endDate must be after startDate',
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
    const from = Date.parse(body.startDate);
    const to = Date.parse(body.endDate);
    // Bounds first, before any work: ids, days, and their product (each agent-day is one shift to build).
    const ids = body.userIds ?? bu.userIds;
    if (body.userIds && body.userIds.length > LIMITS.wfmSearchUserIds) {
      throw overLimit(
        'userIds',
        'wfmSearchUserIds',
        LIMITS.wfmSearchUserIds,
        `At most ${LIMITS.wfmSearchUserIds} userIds per search; got ${body.userIds.length}`,
      );
    }
    const days = Math.ceil((to - from) / DAY_MS);
    if (days > LIMITS.wfmSearchDays) {
      throw overLimit(
        'endDate',
        'wfmSearchDays',
        LIMITS.wfmSearchDays,
        `The range may span at most ${LIMITS.wfmSearchDays} days; got ${days}`,
      );
    }
    if (ids.length * days > LIMITS.wfmSearchAgentDays) {
      throw overLimit(
        body.userIds ? 'userIds' : 'endDate',
        'wfmSearchAgentDays',
        LIMITS.wfmSearchAgentDays,
        `A search may cover at most ${LIMITS.wfmSearchAgentDays} agent-days (users × days); this one is ${ids.length} × ${days}. Name fewer userIds or a shorter range`,
      );
    }
    const members = new Set(bu.userIds);
    const unknown = body.userIds?.find((id) => !members.has(id));
    if (unknown) throw invalidField('userIds', `User ${unknown} is not in business unit ${bu.id}`);
    // Built a few users at a time, yielding between them: a large search (up to 3 100 agent-days, ~1 s of work)
    // takes its time without holding the event loop, so /healthz and other requests are answered meanwhile.
    const agentSchedules = [];
    for (let i = 0; i < ids.length; i += USERS_PER_TURN) {
      if (i > 0) await nextTurn();
      for (const userId of ids.slice(i, i + USERS_PER_TURN)) {
        agentSchedules.push({
          user: { id: userId, selfUri: `/api/v2/users/${userId}` },
          shifts: agentShifts(ctx.config.MOCK_SEED, userId, from, to),
          fullDayTimeOffMarkers: [],
        });
      }
    }
    return {
      status: 'Complete',
      operationId: randomUUID(),
      result: {
        agentSchedules,
        businessUnitTimeZone: 'UTC',
      },
    };
  });
}
