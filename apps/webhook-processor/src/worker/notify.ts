import { HttpStatusError } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';
import type { WorkItem } from '../work-item.js';
import type { Enrichment } from './enrich.js';

/**
 * POSTs one event to the notifier through the "notifier" caller (bulkhead, breaker, retry on 429/502/503/504 and
 * connection errors honouring Retry-After, a 3 s timeout per attempt). The eventId is the idempotency key: in the
 * body (the notifier records deliveries by it) and in the Idempotency-Key header. A non-2xx answer throws
 * HttpStatusError, so the policies classify it.
 */
export async function notify(
  ctx: ServiceContext,
  notifierUrl: string,
  item: WorkItem,
  enrichment: Enrichment | undefined,
  signal: AbortSignal,
): Promise<void> {
  const body = JSON.stringify({
    eventId: item.eventId,
    topic: item.topic,
    ...(item.conversationId ? { conversationId: item.conversationId } : {}),
    payload: { ...item.payload, source: item.source, receivedAt: item.receivedAt, conversation: enrichment ?? null },
  });
  await ctx.caller('notifier').call(
    async (attemptSignal) => {
      const response = await ctx.internalFetch(`${notifierUrl}/api/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': item.eventId },
        body,
        signal: attemptSignal,
      });
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        throw new HttpStatusError(
          response.status,
          `notifier answered ${response.status}`,
          Object.fromEntries(response.headers),
          text.slice(0, 500),
        );
      }
      await response.body?.cancel();
    },
    { signal },
  );
}
