import type { AnalyticsConversation } from '../data/types.js';
import type { Interval } from './interval.js';
import type { DetailsJobQuery, Filter } from './query.js';

type Predicate = NonNullable<Filter['predicates']>[number];
/** The dimension values visible at one point: a conversation, or one segment with its session and participant. */
type Facts = Readonly<Record<string, string | undefined>>;

/** What filtering reads of a conversation, computed once per conversation (the data set never changes). */
interface Indexed {
  startMs: number;
  conversation: Facts;
  segments: Facts[];
}

const index = new WeakMap<AnalyticsConversation, Indexed>();

function indexed(c: AnalyticsConversation): Indexed {
  let entry = index.get(c);
  if (!entry) {
    const segments: Facts[] = [];
    for (const participant of c.participants) {
      for (const session of participant.sessions) {
        for (const segment of session.segments) {
          segments.push({
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
          });
        }
      }
    }
    entry = {
      startMs: Date.parse(c.conversationStart),
      conversation: {
        conversationId: c.conversationId,
        originatingDirection: c.originatingDirection,
        divisionId: c.divisionIds[0],
      },
      segments,
    };
    index.set(c, entry);
  }
  return entry;
}

function predicateHolds(p: Predicate, facts: Facts): boolean {
  const value = facts[p.dimension];
  if (p.operator === 'exists') return value !== undefined;
  if (p.operator === 'notExists') return value === undefined;
  return value === p.value;
}

/** `and`: every predicate and clause holds; `or`: at least one does. No predicates and no clauses: holds. */
function filterHolds(filter: Filter, facts: Facts): boolean {
  const predicates = filter.predicates ?? [];
  const clauses = filter.clauses ?? [];
  if (predicates.length === 0 && clauses.length === 0) return true;
  const wantAll = filter.type === 'and';
  for (const p of predicates) if (predicateHolds(p, facts) !== wantAll) return !wantAll;
  for (const clause of clauses) {
    const holds =
      clause.type === 'and'
        ? clause.predicates.every((p) => predicateHolds(p as Predicate, facts))
        : clause.predicates.some((p) => predicateHolds(p as Predicate, facts));
    if (holds !== wantAll) return !wantAll;
  }
  return wantAll;
}

/** True when the conversation started inside the interval and passes every conversation and segment filter. */
export function matchesQuery(
  c: AnalyticsConversation,
  query: Pick<DetailsJobQuery, 'conversationFilters' | 'segmentFilters'> & { interval: Interval },
): boolean {
  const facts = indexed(c);
  if (facts.startMs < query.interval.start || facts.startMs >= query.interval.end) return false;
  for (const f of query.conversationFilters ?? []) if (!filterHolds(f, facts.conversation)) return false;
  // A segment filter holds when at least one segment satisfies it.
  for (const f of query.segmentFilters ?? [])
    if (!facts.segments.some((segment) => filterHolds(f, segment))) return false;
  return true;
}

/** Every matching conversation, in the query's order. `conversations` must be sorted by start ascending. */
export function selectConversations(
  conversations: AnalyticsConversation[],
  query: Pick<DetailsJobQuery, 'conversationFilters' | 'segmentFilters' | 'interval' | 'order' | 'orderBy'>,
): AnalyticsConversation[] {
  const matching = conversations.filter((c) => matchesQuery(c, query));
  // A conversation still going on has no end yet: it sorts after every ended one.
  if (query.orderBy === 'conversationEnd')
    matching.sort((a, b) => (a.conversationEnd ?? '\uffff').localeCompare(b.conversationEnd ?? '\uffff'));
  if (query.order === 'desc') matching.reverse();
  return matching;
}
