import type { AnalyticsConversation } from '../data/types.js';
import type { Interval } from './interval.js';
import type { DetailsJobQuery, Filter } from './query.js';

type Predicate = NonNullable<Filter['predicates']>[number];
/** The dimension values visible at one point: a conversation, or one segment with its session and participant. */
type Facts = Record<string, string | undefined>;

function predicateHolds(p: Predicate, facts: Facts): boolean {
  const value = facts[p.dimension];
  if (p.operator === 'exists') return value !== undefined;
  if (p.operator === 'notExists') return value === undefined;
  return value === p.value;
}

function filterHolds(filter: Filter, facts: Facts): boolean {
  const results = [
    ...(filter.predicates ?? []).map((p) => predicateHolds(p, facts)),
    ...(filter.clauses ?? []).map((clause) => {
      const each = clause.predicates.map((p) => predicateHolds(p as Predicate, facts));
      return clause.type === 'and' ? each.every(Boolean) : each.some(Boolean);
    }),
  ];
  if (results.length === 0) return true;
  return filter.type === 'and' ? results.every(Boolean) : results.some(Boolean);
}

function conversationFacts(c: AnalyticsConversation): Facts {
  return {
    conversationId: c.conversationId,
    originatingDirection: c.originatingDirection,
    divisionId: c.divisionIds[0],
  };
}

function* segmentFacts(c: AnalyticsConversation): Generator<Facts> {
  for (const participant of c.participants) {
    for (const session of participant.sessions) {
      for (const segment of session.segments) {
        yield {
          conversationId: c.conversationId,
          participantId: participant.participantId,
          purpose: participant.purpose,
          userId: participant.userId,
          sessionId: session.sessionId,
          mediaType: session.mediaType,
          direction: session.direction,
          ani: session.ani,
          dnis: session.dnis,
          segmentType: segment.segmentType,
          queueId: segment.queueId,
          wrapUpCode: segment.wrapUpCode,
          disconnectType: segment.disconnectType,
        };
      }
    }
  }
}

/** True when the conversation started inside the interval and passes every conversation and segment filter. */
export function matchesQuery(
  c: AnalyticsConversation,
  query: Pick<DetailsJobQuery, 'conversationFilters' | 'segmentFilters'> & { interval: Interval },
): boolean {
  const start = Date.parse(c.conversationStart);
  if (start < query.interval.start || start >= query.interval.end) return false;
  const facts = conversationFacts(c);
  if (!(query.conversationFilters ?? []).every((f) => filterHolds(f, facts))) return false;
  // A segment filter holds when at least one segment satisfies it.
  return (query.segmentFilters ?? []).every((f) => {
    for (const segment of segmentFacts(c)) if (filterHolds(f, segment)) return true;
    return false;
  });
}

/** Every matching conversation, in the query's order. `conversations` must be sorted by start ascending. */
export function selectConversations(
  conversations: AnalyticsConversation[],
  query: Pick<DetailsJobQuery, 'conversationFilters' | 'segmentFilters' | 'interval' | 'order' | 'orderBy'>,
): AnalyticsConversation[] {
  const matching = conversations.filter((c) => matchesQuery(c, query));
  if (query.orderBy === 'conversationEnd') matching.sort((a, b) => a.conversationEnd.localeCompare(b.conversationEnd));
  if (query.order === 'desc') matching.reverse();
  return matching;
}
