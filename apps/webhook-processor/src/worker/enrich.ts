import { callGenesys, type ServiceContext } from '@lab/service-kit';
import type { WorkItem } from '../work-item.js';

/** What the notifier gets about the conversation behind an event. */
export interface Enrichment {
  conversationId: string;
  state: string | undefined;
  queueName: string | undefined;
  participants: number;
  startTime: string | undefined;
}

/**
 * Looks the event's conversation up in Genesys through the "genesys" caller (org rate budget of the conversations
 * family, header pacing, breaker, retry, timeout). Any failure throws: the entry stays pending and is retried,
 * nothing is delivered half-enriched. Answers are cached per conversation for the caller's cache TTL (the
 * notification stream repeats conversations), which also serves the last good answer while Genesys fails.
 * No conversationId: nothing to look up.
 */
export async function enrich(
  ctx: ServiceContext,
  item: WorkItem,
  signal: AbortSignal,
): Promise<Enrichment | undefined> {
  const id = item.conversationId;
  if (!id) return undefined;
  const { value: conversation } = await callGenesys(
    ctx,
    {
      name: 'genesys.get_conversation',
      family: 'conversations',
      conversationId: id,
      cacheKey: `conversation:${id}`,
      signal,
    },
    (s) => ctx.genesys.getConversation(id, { signal: s }),
  );
  const participants = conversation.participants ?? [];
  return {
    conversationId: id,
    state: conversation.state,
    queueName: participants.find((p) => p.queueName)?.queueName,
    participants: participants.length,
    startTime: conversation.startTime,
  };
}
