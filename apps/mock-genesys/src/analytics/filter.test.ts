import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { generateDataset } from '../data/dataset.js';
import { DetailsCache } from './details-cache.js';
import { selectConversations } from './filter.js';
import { detailsQuerySchema } from './query.js';

const data = generateDataset(
  loadConfig({ MOCK_DATA_CONVERSATIONS: '300', MOCK_DATA_QUEUES: '4', MOCK_DATA_START: '2026-11-01T00:00:00.000Z' }),
);
const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
const query = (extra: object) => detailsQuerySchema.parse({ interval: WEEK, ...extra });
const ids = (q: ReturnType<typeof query>) => selectConversations(data.conversations, q).map((c) => c.conversationId);
const media = (c: (typeof data.conversations)[number]) => c.participants[0]!.sessions[0]!.mediaType;

describe('details filters', () => {
  it('or-filters match either predicate; and-filters both', () => {
    const chat = data.conversations.filter((c) => media(c) === 'chat').length;
    const email = data.conversations.filter((c) => media(c) === 'email').length;
    const either = query({
      segmentFilters: [
        {
          type: 'or',
          predicates: [
            { dimension: 'mediaType', value: 'chat' },
            { dimension: 'mediaType', value: 'email' },
          ],
        },
      ],
    });
    expect(ids(either)).toHaveLength(chat + email);
    const both = query({
      segmentFilters: [
        {
          type: 'and',
          predicates: [
            { dimension: 'mediaType', value: 'chat' },
            { dimension: 'mediaType', value: 'email' },
          ],
        },
      ],
    });
    expect(ids(both)).toHaveLength(0);
  });

  it('evaluates clauses and exists / notExists', () => {
    // Unanswered conversations have no agent segment: no userId on any segment, no wrap-up code.
    const unanswered = data.conversations.filter((c) => !c.participants.some((p) => p.purpose === 'agent')).length;
    expect(unanswered).toBeGreaterThan(0);
    const withWrapUp = query({
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'wrapUpCode', operator: 'exists' }] }],
    });
    expect(ids(withWrapUp)).toHaveLength(300 - unanswered);
    const clause = query({
      segmentFilters: [
        {
          type: 'or',
          clauses: [
            {
              type: 'and',
              predicates: [
                { dimension: 'purpose', value: 'agent' },
                { dimension: 'segmentType', value: 'wrapup' },
              ],
            },
          ],
        },
      ],
    });
    expect(ids(clause)).toEqual(ids(withWrapUp));
    const none = query({
      segmentFilters: [{ type: 'and', predicates: [{ dimension: 'queueId', operator: 'notExists' }] }],
    });
    expect(ids(none)).toHaveLength(300); // every conversation has a customer segment without a queue
  });

  it('orders descending and by end', () => {
    const desc = selectConversations(data.conversations, query({ order: 'desc' }));
    expect(desc[0]!.conversationStart >= desc.at(-1)!.conversationStart).toBe(true);
    const byEnd = selectConversations(data.conversations, query({ orderBy: 'conversationEnd' })).map(
      (c) => c.conversationEnd,
    );
    expect(byEnd).toEqual([...byEnd].sort());
  });

  it('caches selections and pages without changing them', () => {
    const cache = new DetailsCache(data.conversations);
    const q = query({ paging: { pageSize: 10, pageNumber: 2 } });
    const first = cache.page(q);
    expect(cache.page(q)).toBe(first);
    expect(first).toBeInstanceOf(Buffer);
    const parsed = JSON.parse(first.toString()) as { conversations: { conversationId: string }[]; totalHits: number };
    expect(parsed.totalHits).toBe(300);
    expect(parsed.conversations.map((c) => c.conversationId)).toEqual(ids(q).slice(10, 20));
    expect(JSON.parse(cache.page(query({ paging: { pageSize: 100, pageNumber: 4 } })).toString())).toEqual({
      totalHits: 300,
    });
    // By body text: parsed once, then answered from memory; a body that fails to parse is not remembered.
    let parses = 0;
    const raw = JSON.stringify({ interval: WEEK, paging: { pageSize: 10, pageNumber: 2 } });
    const viaBody = () =>
      cache.pageFor(raw, () => {
        parses++;
        return q;
      });
    expect(viaBody()).toBe(first);
    expect(viaBody()).toBe(first);
    expect(parses).toBe(1);
    expect(() => cache.pageFor('{}', () => detailsQuerySchema.parse({}))).toThrow();
    expect(() => cache.pageFor('{}', () => detailsQuerySchema.parse({}))).toThrow();
    // A desc selection does not disturb the cached asc one.
    cache.select(query({ order: 'desc' }));
    expect(cache.select(query({})).map((c) => c.conversationId)).toEqual(ids(query({})));
  });
});
