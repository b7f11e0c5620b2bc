import type { FastifyInstance } from 'fastify';
import type { MockContext } from '../context.js';
import type { AnalyticsConversation } from '../data/types.js';
import { notFound } from '../errors.js';

/** GET /api/v2/conversations/{id}: the conversation as the Conversations API shows it, live ones as they are now. */
export async function conversationRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.get<{ Params: { conversationId: string } }>('/api/v2/conversations/:conversationId', async (request) => {
    const id = request.params.conversationId;
    const conversation = ctx.data.conversationsById.get(id) ?? ctx.traffic.get(id);
    if (!conversation) throw notFound(`Conversation ${request.params.conversationId} not found`);
    return toConversation(conversation, ctx);
  });
}

function toConversation(c: AnalyticsConversation, ctx: MockContext) {
  return {
    id: c.conversationId,
    startTime: c.conversationStart,
    endTime: c.conversationEnd,
    state: c.conversationEnd === undefined ? 'connected' : 'disconnected',
    participants: c.participants.map((p) => {
      const segments = p.sessions.flatMap((s) => s.segments);
      const session = p.sessions[0];
      const queueId = segments.find((s) => s.queueId)?.queueId;
      const wrapUpCode = segments.find((s) => s.wrapUpCode)?.wrapUpCode;
      return {
        id: p.participantId,
        startTime: segments[0]?.segmentStart,
        endTime: segments.at(-1)?.segmentEnd,
        name: p.participantName,
        userId: p.userId,
        queueId,
        queueName: queueId ? ctx.data.queuesById.get(queueId)?.name : undefined,
        purpose: p.purpose,
        ani: session?.ani,
        dnis: session?.dnis,
        wrapup: wrapUpCode ? { code: wrapUpCode, name: wrapUpCode } : undefined,
        attributes: {},
      };
    }),
    divisions: c.divisionIds.map((id) => ({
      division: { id, selfUri: `/api/v2/authorization/divisions/${id}` },
      entities: [{ id: c.conversationId }],
    })),
    selfUri: `/api/v2/conversations/${c.conversationId}`,
  };
}
