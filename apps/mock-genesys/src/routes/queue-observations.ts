import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { derivedSeed } from '../data/random.js';
import { invalidField, overLimit } from '../errors.js';
import { LIMITS } from '../limits.js';
import { parseInput } from '../validation.js';

const OBSERVATION_METRICS = [
  'oOnQueueUsers',
  'oOffQueueUsers',
  'oActiveUsers',
  'oMemberUsers',
  'oInteracting',
  'oWaiting',
  'oAlerting',
  'oUserPresences',
  'oUserRoutingStatuses',
] as const;

const queuePredicate = z.object({
  type: z.enum(['dimension']).default('dimension'),
  dimension: z.enum(['queueId', 'mediaType']),
  operator: z.enum(['matches']).default('matches'),
  value: z.string().min(1).max(256),
});

const observationQuery = z.object({
  filter: z.object({
    type: z.enum(['and', 'or']),
    predicates: z.array(queuePredicate).optional(),
    clauses: z.array(z.object({ type: z.enum(['and', 'or']), predicates: z.array(queuePredicate).min(1) })).optional(),
  }),
  metrics: z.array(z.enum(OBSERVATION_METRICS)).min(1).max(OBSERVATION_METRICS.length),
});

/**
 * POST /api/v2/analytics/queues/observations/query: counts per queue. With live traffic on, oWaiting and
 * oInteracting count its conversations now in the queue and now talking with an agent; the other metrics (and
 * those two with MOCK_LIVE_RATE=0) are seeded figures, stable within a minute.
 */
export async function queueObservationRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.post('/api/v2/analytics/queues/observations/query', async (request) => {
    const query = parseInput(observationQuery, request.body ?? {}, 'body');
    const predicates = [
      ...(query.filter.predicates ?? []),
      ...(query.filter.clauses ?? []).flatMap((c) => c.predicates),
    ];
    if (predicates.length > LIMITS.observationPredicates) {
      throw overLimit(
        'filter.predicates',
        'observationPredicates',
        LIMITS.observationPredicates,
        `A query may hold at most ${LIMITS.observationPredicates} predicates; got ${predicates.length}`,
      );
    }
    const queueIds = [...new Set(predicates.filter((p) => p.dimension === 'queueId').map((p) => p.value))];
    if (queueIds.length === 0) throw invalidField('filter.predicates', 'At least one queueId predicate is required');
    const minute = Math.floor(ctx.now() / 60_000);
    const count = (queueId: string, metric: (typeof OBSERVATION_METRICS)[number]) => {
      if (ctx.traffic.enabled && (metric === 'oWaiting' || metric === 'oInteracting')) {
        const live = ctx.traffic.queueCounts(queueId);
        return metric === 'oWaiting' ? live.waiting : live.interacting;
      }
      return derivedSeed(ctx.config.MOCK_SEED, queueId, metric, minute) % 25;
    };
    return {
      results: queueIds
        .filter((id) => ctx.data.queuesById.has(id))
        .map((queueId) => ({
          group: { queueId },
          data: query.metrics.map((metric) => ({ metric, stats: { count: count(queueId, metric) } })),
        })),
    };
  });
}
