import { callGenesys, type ServiceContext } from '@lab/service-kit';

export type ConversationLookup =
  | { status: 'ok'; queueName: string | undefined; participants: number }
  | { status: 'skipped' }
  | { status: 'failed'; reason: string };

/**
 * The optional Genesys lookup of the conversation behind the action. It never fails the action: any error, or
 * no answer within `timeoutMs`, is reported as `failed` and the action goes on without it.
 */
export async function lookupConversation(
  ctx: ServiceContext,
  conversationId: string | undefined,
  timeoutMs: number,
): Promise<ConversationLookup> {
  if (!conversationId) return { status: 'skipped' };
  try {
    const { value: conversation } = await callGenesys(
      ctx,
      {
        name: 'genesys.get_conversation',
        family: 'conversations',
        conversationId,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (signal) => ctx.genesys.getConversation(conversationId, { signal }),
    );
    const queueName = conversation.participants?.find((p) => p.queueName)?.queueName;
    return { status: 'ok', queueName, participants: conversation.participants?.length ?? 0 };
  } catch (error) {
    const status = (error as { status?: number }).status;
    return { status: 'failed', reason: status ? `http-${status}` : (error as Error).name || 'error' };
  }
}
