import type { GenesysResponse } from '@lab/genesys-client';
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
 * One Genesys call the way every lab service makes it: a span tagged with the conversation and the platform's
 * rate-limit headers, the "genesys" caller's policies inside it (their events land on the span), and the
 * response headers fed to the header pacer. Resolves with the response body.
 */
export function callGenesys<T>(
  ctx: ServiceContext,
  spec: GenesysCallSpec<T>,
  request: (signal: AbortSignal) => Promise<GenesysResponse<T>>,
): Promise<T> {
  const caller = ctx.caller('genesys');
  const span = { family: spec.family, ...(spec.conversationId ? { conversationId: spec.conversationId } : {}) };
  return withGenesysSpan(spec.name, span, async (active) => {
    const response = await caller.call(
      async (signal) => {
        try {
          const answer = await request(signal);
          recordGenesysResponse(active, answer);
          return answer;
        } catch (error) {
          const failed = error as { status?: number; headers?: Record<string, unknown> };
          if (typeof failed.status === 'number')
            recordGenesysResponse(active, { status: failed.status, headers: failed.headers ?? {} });
          throw error;
        }
      },
      {
        family: spec.family,
        headersOf: (answer) => answer.headers,
        ...(spec.signal ? { signal: spec.signal } : {}),
        ...(spec.cacheKey !== undefined ? { cacheKey: spec.cacheKey } : {}),
        ...(spec.fallback ? { fallback: fallbackResponse(spec.fallback) } : {}),
      },
    );
    return response.body;
  });
}

/** A fallback value dressed as a response that never reached the platform (no status, no headers). */
function fallbackResponse<T>(fallback: () => T | Promise<T>): () => Promise<GenesysResponse<T>> {
  return async () => ({
    body: await fallback(),
    status: 0,
    headers: {},
    rateLimit: undefined,
    correlationId: undefined,
  });
}
