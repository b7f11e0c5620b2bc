import { LRUCache } from 'lru-cache';
import type { LiveTraffic } from '../data/live-traffic.js';
import type { AnalyticsConversation } from '../data/types.js';
import { SerializedCache } from '../serialized-cache.js';
import { selectConversations } from './filter.js';
import type { DetailsQuery } from './query.js';

type Selection = Pick<DetailsQuery, 'interval' | 'conversationFilters' | 'segmentFilters' | 'order' | 'orderBy'>;

/**
 * Remembers query results: the generated data set never changes after start-up, so the same selection always gives
 * the same conversations and the same page gives the same bytes. A query whose interval reaches into the time live
 * traffic runs is remembered per version of that traffic (each start, answer and end is a new version). Keeps the mock from being the bottleneck of a load
 * test that repeats a handful of queries (apps/mock-genesys/bench). Bounded, least recently used first out.
 */
export class DetailsCache {
  private readonly selections = new LRUCache<string, AnalyticsConversation[]>({ max: 256 });
  private readonly pages = new SerializedCache();
  /** `live`: the traffic version the answer was built at; undefined for an answer from the generated data only. */
  private readonly byBody = new LRUCache<string, { body: Buffer; live: number | undefined }>({ max: 256 });

  constructor(
    private readonly conversations: AnalyticsConversation[],
    private readonly traffic?: LiveTraffic,
  ) {}

  select(query: Selection): AnalyticsConversation[] {
    const live = this.liveVersion(query);
    const key = live === undefined ? selectionKey(query) : `${selectionKey(query)}|live ${live}`;
    let matching = this.selections.get(key);
    if (!matching) {
      const source =
        live === undefined || !this.traffic
          ? this.conversations
          : mergeByStart(this.conversations, this.traffic.conversations());
      matching = selectConversations(source, query);
      this.selections.set(key, matching);
    }
    return matching;
  }

  /** The answer for a request body: remembered by the exact body text, else parsed (and validated) and built. */
  pageFor(rawBody: string | undefined, parse: () => DetailsQuery): Buffer {
    const known = rawBody === undefined ? undefined : this.byBody.get(rawBody);
    if (known && (known.live === undefined || known.live === this.traffic?.version())) return known.body;
    const query = parse();
    const body = this.page(query);
    if (rawBody !== undefined) this.byBody.set(rawBody, { body, live: this.liveVersion(query) });
    return body;
  }

  /** The live traffic's version when the interval reaches into the time it runs; else undefined. */
  private liveVersion(query: Pick<Selection, 'interval'>): number | undefined {
    return this.traffic?.enabled && query.interval.end > this.traffic.since ? this.traffic.version() : undefined;
  }

  /** The serialized answer of the details query: `{conversations, totalHits}`, or `{totalHits}` past the end. */
  page(query: DetailsQuery): Buffer {
    const { pageSize, pageNumber } = query.paging;
    const live = this.liveVersion(query);
    return this.pages.get(`${selectionKey(query)}|${pageSize}|${pageNumber}|${live ?? ''}`, () => {
      const matching = this.select(query);
      const conversations = matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      // Like the platform, an empty page carries totalHits only.
      return conversations.length > 0 ? { conversations, totalHits: matching.length } : { totalHits: matching.length };
    });
  }
}

/** Two lists sorted by conversationStart, merged into one. */
function mergeByStart(
  a: readonly AnalyticsConversation[],
  b: readonly AnalyticsConversation[],
): AnalyticsConversation[] {
  const merged: AnalyticsConversation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.conversationStart <= y.conversationStart)) {
      merged.push(x as AnalyticsConversation);
      i++;
    } else {
      merged.push(y);
      j++;
    }
  }
  return merged;
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
