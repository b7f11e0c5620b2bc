import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { intervalSchema } from './interval.js';

export const CONVERSATION_DIMENSIONS = ['conversationId', 'originatingDirection', 'divisionId'] as const;
export const SEGMENT_DIMENSIONS = [
  'conversationId',
  'queueId',
  'mediaType',
  'userId',
  'purpose',
  'direction',
  'ani',
  'dnis',
  'segmentType',
  'wrapUpCode',
  'disconnectType',
  'participantId',
  'sessionId',
] as const;

const predicate = <D extends readonly [string, ...string[]]>(dimensions: D) =>
  z
    .object({
      type: z.enum(['dimension']).default('dimension'),
      dimension: z.enum(dimensions),
      operator: z.enum(['matches', 'exists', 'notExists']).default('matches'),
      value: z.string().max(256).optional(),
    })
    .refine((p) => p.operator !== 'matches' || p.value !== undefined, {
      message: 'value is required when operator is matches',
      path: ['value'],
    });

const filter = <D extends readonly [string, ...string[]]>(dimensions: D) =>
  z.object({
    type: z.enum(['and', 'or']),
    clauses: z
      .array(z.object({ type: z.enum(['and', 'or']), predicates: z.array(predicate(dimensions)).min(1) }))
      .optional(),
    predicates: z.array(predicate(dimensions)).optional(),
  });

export const conversationFilterSchema = filter(CONVERSATION_DIMENSIONS);
export const segmentFilterSchema = filter(SEGMENT_DIMENSIONS);
export type Filter = z.infer<typeof segmentFilterSchema> | z.infer<typeof conversationFilterSchema>;

/** Shared by the synchronous details query and async details jobs. */
export const detailsFilterFields = {
  interval: intervalSchema,
  conversationFilters: z.array(conversationFilterSchema).max(LIMITS.detailsFilters).optional(),
  segmentFilters: z.array(segmentFilterSchema).max(LIMITS.detailsFilters).optional(),
  order: z.enum(['asc', 'desc', 'unordered']).default('asc'),
  orderBy: z.enum(['conversationStart', 'conversationEnd']).default('conversationStart'),
};

type Filters = { conversationFilters?: Filter[] | undefined; segmentFilters?: Filter[] | undefined };

/** Predicates over every filter and clause of a query: what filtering costs per conversation segment. */
export function predicateCount(query: Filters): number {
  let count = 0;
  for (const filter of [...(query.conversationFilters ?? []), ...(query.segmentFilters ?? [])]) {
    count += filter.predicates?.length ?? 0;
    for (const clause of filter.clauses ?? []) count += clause.predicates.length;
  }
  return count;
}

export const detailsQuerySchema = z.object({
  ...detailsFilterFields,
  paging: z
    .object({
      pageSize: z.number().int().min(1).max(100).default(25),
      pageNumber: z.number().int().min(1).default(1),
    })
    .default({ pageSize: 25, pageNumber: 1 }),
});
export type DetailsQuery = z.infer<typeof detailsQuerySchema>;

export const detailsJobSchema = z.object({ ...detailsFilterFields, limit: z.number().int().min(1).optional() });
export type DetailsJobQuery = z.infer<typeof detailsJobSchema>;
