import { GenesysApiError, type GenesysResponse } from '@lab/genesys-client';
import type { CallResult } from '@lab/resilience';
import { recordGenesysResponse, withGenesysSpan } from '@lab/telemetry';
import type { ServiceContext } from './context.js';

export interface GenesysCallSpec<T> {
  /** Span name, e.g. "genesys.get_conversation". */
  name: string;
  /** API family: the org budget and header pacing to use. */
  family: string;
  /** Tags the span with genesys.conversation_id. */
  conversationId?: string;
  cacheKey?: string;
  fallback?: () => T | Promise<T>;
  signal?: AbortSignal;
}

/**
 * One Genesys call the way every lab service makes it: a span tagged with the conversation, the status and the
 * correlation id, the "genesys" caller's policies inside it (their events, and the client's `rate-limit-headers`
 * that the header pacer reads, land on the span). Resolves with the response body and where it came from
 * (`source`: fresh, cache, stale, fallback; `lastError` when Genesys did not answer).
 */
export async function callGenesys<T>(
  ctx: ServiceContext,
  spec: GenesysCallSpec<T>,
  request: (signal: AbortSignal) => Promise<GenesysResponse<T>>,
): Promise<CallResult<T>> {
  const caller = ctx.caller('genesys');
  const span = { family: spec.family, ...(spec.conversationId ? { conversationId: spec.conversationId } : {}) };
  const { fallback } = spec;
  return withGenesysSpan(spec.name, span, (active) =>
    caller.call(
      async (signal) => {
        try {
          const answer = await request(signal);
          recordGenesysResponse(active, answer);
          return answer.body;
        } catch (error) {
          if (error instanceof GenesysApiError) recordGenesysResponse(active, error);
          throw error;
        }
      },
      {
        family: spec.family,
        ...(spec.signal ? { signal: spec.signal } : {}),
        ...(spec.cacheKey !== undefined ? { cacheKey: spec.cacheKey } : {}),
        ...(fallback ? { fallback } : {}),
      },
    ),
  );
}
