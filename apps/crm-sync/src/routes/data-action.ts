import { HttpStatusError } from '@lab/resilience';
import { BadRequest, parseInput, type ServiceContext } from '@lab/service-kit';
import { ATTR } from '@lab/telemetry';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CrmSyncConfig } from '../config.js';
import { lookupConversation } from '../conversation-lookup.js';
import { lookupCustomer } from '../crm-client.js';

/** The Data Action's input contract: what a Genesys flow sends. */
const inputSchema = z.object({
  contactId: z
    .string({ error: 'contactId is required' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'contactId must be 1-64 letters, digits, "_" or "-"'),
  conversationId: z.uuid({ error: 'conversationId must be a UUID' }).optional(),
});

/**
 * POST /api/v1/dataactions/customer-enrichment: the fulfillment endpoint of a Genesys Data Action. Always answers
 * within the action's budget: when the CRM fails it answers the last good value or a fallback, flagged isFallback,
 * with the breaker's state in metadata.circuitState.
 */
export async function dataActionRoutes(app: FastifyInstance, ctx: ServiceContext, config: CrmSyncConfig) {
  app.post('/api/v1/dataactions/customer-enrichment', async (request) => {
    const input = parseInput(inputSchema, request.body ?? {}, 'body');
    const span = trace.getActiveSpan();
    span?.setAttribute(ATTR.contactId, input.contactId);
    if (input.conversationId) span?.setAttribute(ATTR.conversationId, input.conversationId);

    const [lookup, conversation] = await Promise.all([
      lookupCustomer(ctx, config.CRM_URL, input.contactId, config.DATA_ACTION_DEADLINE_MS).catch((error: unknown) => {
        if (error instanceof HttpStatusError && error.status === 404) {
          throw new BadRequest(
            `no customer ${input.contactId} in the CRM`,
            [{ field: 'contactId', message: 'unknown contact' }],
            404,
            'contact_not_found',
          );
        }
        throw error;
      }),
      lookupConversation(ctx, input.conversationId, config.CONVERSATION_LOOKUP_TIMEOUT_MS),
    ]);
    const isFallback = lookup.source === 'fallback' || lookup.source === 'stale';
    return {
      customerName: lookup.customer.name,
      customerTier: lookup.customer.tier,
      isFallback,
      lastActionType: lookup.customer.lastActionType,
      metadata: {
        circuitState: ctx.caller('crm').state().breaker ?? 'none',
        source: lookup.source,
        conversationLookup: conversation.status,
        ...(conversation.status === 'ok' && conversation.queueName ? { queueName: conversation.queueName } : {}),
      },
    };
  });
}
