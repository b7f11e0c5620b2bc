import { randomUUID } from 'node:crypto';
import { HttpStatusError } from '@lab/resilience';
import { BadRequest, parseInput, type ServiceContext } from '@lab/service-kit';
import { ATTR } from '@lab/telemetry';
import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CrmSyncConfig } from '../config.js';
import { lookupConversation } from '../conversation-lookup.js';
import { lookupCustomer } from '../crm-client.js';
import { dataActionCredentialCheck } from '../data-action-credential.js';

/** The Data Action's input contract: what a Genesys flow sends. */
const inputSchema = z.object({
  contactId: z
    .string({ error: 'contactId is required' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'contactId must be 1-64 letters, digits, "_" or "-"'),
  conversationId: z.uuid({ error: 'conversationId must be a UUID' }).optional(),
});

/** The fulfillment note's envelope: the inputs, and which flow step asks. */
const envelopeSchema = z.object({
  inputs: inputSchema,
  metadata: z
    .object({
      flowId: z.string({ error: 'flowId is required' }).min(1).max(256),
      stepId: z.string({ error: 'stepId is required' }).min(1).max(256),
    })
    .optional(),
});

const isEnvelope = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && 'inputs' in body;

/**
 * POST /api/v1/dataactions/customer-enrichment: the fulfillment endpoint of a Genesys Data Action. Always answers
 * within the action's budget: when the CRM fails it answers the last good value or a fallback, flagged isFallback,
 * with the breaker's state in metadata.circuitState. Two request forms: the flat `{contactId, conversationId?}`, and
 * the fulfillment note's envelope `{inputs: {contactId, conversationId?}, metadata?: {flowId, stepId}}`, answered in
 * kind: `{id, status: "success", outputs: {...}, metadata: {requestId, timestamp, circuitState}}`, or on an internal
 * error 500 `{id, status: "error", outputs: {}, metadata: {error, circuitState}}`. Bad input is a 400 naming the
 * field (`inputs.contactId` in the envelope) in either form. With DATA_ACTION_BEARER_TOKEN set, a request without
 * that bearer token is a 401 naming the `authorization` header (the lab's mTLS profile sets it: the action is
 * reachable from Genesys through the TLS ingress, which has no client certificate to check).
 */
export async function dataActionRoutes(app: FastifyInstance, ctx: ServiceContext, config: CrmSyncConfig) {
  const circuitState = () => ctx.caller('crm').state().breaker ?? 'none';

  const enrich = async (input: z.infer<typeof inputSchema>) => {
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
    return { lookup, conversation };
  };

  // The integration's credential (DATA_ACTION_BEARER_TOKEN), checked before the body is read.
  const credential = dataActionCredentialCheck(config.DATA_ACTION_BEARER_TOKEN);
  app.post(
    '/api/v1/dataactions/customer-enrichment',
    { ...(credential && { onRequest: credential }) },
    async (request, reply) => {
      const body = request.body ?? {};
      if (isEnvelope(body)) {
        const { inputs, metadata } = parseInput(envelopeSchema, body, 'body');
        if (metadata)
          trace
            .getActiveSpan()
            ?.setAttributes({ 'genesys.flow_id': metadata.flowId, 'genesys.step_id': metadata.stepId });
        const id = randomUUID();
        try {
          const { lookup } = await enrich(inputs);
          return {
            id,
            status: 'success',
            outputs: {
              customerName: lookup.customer.name,
              customerTier: lookup.customer.tier,
              isFallback: lookup.source === 'fallback' || lookup.source === 'stale',
              lastActionType: lookup.customer.lastActionType,
            },
            metadata: { requestId: request.id, timestamp: new Date().toISOString(), circuitState: circuitState() },
          };
        } catch (error) {
          if (error instanceof BadRequest) throw error;
          request.log.error({ err: error }, 'data action: internal error');
          return reply.code(500).send({
            id,
            status: 'error',
            outputs: {},
            metadata: { error: 'Fulfillment service internal error', circuitState: circuitState() },
          });
        }
      }

      const input = parseInput(inputSchema, body, 'body');
      const { lookup, conversation } = await enrich(input);
      return {
        customerName: lookup.customer.name,
        customerTier: lookup.customer.tier,
        isFallback: lookup.source === 'fallback' || lookup.source === 'stale',
        lastActionType: lookup.customer.lastActionType,
        metadata: {
          circuitState: circuitState(),
          source: lookup.source,
          conversationLookup: conversation.status,
          ...(conversation.status === 'ok' && conversation.queueName ? { queueName: conversation.queueName } : {}),
        },
      };
    },
  );
}
