import { LRUCache } from 'lru-cache';
import type { AnalyticsConversation } from '../data/types.js';
import { SerializedCache } from '../serialized-cache.js';
import { selectConversations } from './filter.js';
import type { DetailsQuery } from './query.js';

type Selection = Pick<DetailsQuery, 'interval' | 'conversationFilters' | 'segmentFilters' | 'order' | 'orderBy'>;

/**
 * Remembers query results: the data set never changes after start-up, so the same selection always gives the
 * same conversations and the same page gives the same bytes. Keeps the mock from being the bottleneck of a load
 * test that repeats a handful of queries (apps/mock-genesys/bench). Bounded, least recently used first out.
 */
export class DetailsCache {
  private readonly selections = new LRUCache<string, AnalyticsConversation[]>({ max: 256 });
  private readonly pages = new SerializedCache();
  private readonly byBody = new LRUCache<string, Buffer>({ max: 256 });

  constructor(private readonly conversations: AnalyticsConversation[]) {}

  select(query: Selection): AnalyticsConversation[] {
    const key = selectionKey(query);
    let matching = this.selections.get(key);
    if (!matching) {
      matching = selectConversations(this.conversations, query);
      this.selections.set(key, matching);
    }
    return matching;
  }

  /** The answer for a request body: remembered by the exact body text, else parsed (and validated) and built. */
  pageFor(rawBody: string | undefined, parse: () => DetailsQuery): Buffer {
    const known = rawBody === undefined ? undefined : this.byBody.get(rawBody);
    if (known) return known;
    const body = this.page(parse());
    if (rawBody !== undefined) this.byBody.set(rawBody, body);
    return body;
  }

  /** The serialized answer of the details query: `{conversations, totalHits}`, or `{totalHits}` past the end. */
  page(query: DetailsQuery): Buffer {
    const { pageSize, pageNumber } = query.paging;
    return this.pages.get(`${selectionKey(query)}|${pageSize}|${pageNumber}`, () => {
      const matching = this.select(query);
      const conversations = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      // Like the platform, an empty page carries totalHits only.
      return conversations.length > 0 ? { conversations, totalHits: matching.length } : { totalHits: matching.length };
    });
  }
}

function selectionKey(q: Selection): string {
  return JSON.stringify([
    q.interval.start,
    q.interval.end,
    q.conversationFilters,
    q.segmentFilters,
    q.order,
    q.orderBy,
  ]);
}
