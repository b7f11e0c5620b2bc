import { parseInput } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NotifierContext } from '../context.js';

const notification = z.object({
  /** The caller's idempotency key: the same event must carry the same eventId on every attempt. */
  eventId: z.string().min(1).max(256),
  conversationId: z.string().min(1).max(256).optional(),
  topic: z.string().min(1).max(512),
  payload: z.record(z.string(), z.unknown()),
});

/** POST /api/notifications: accepts a notification (202) and records its delivery by eventId. */
export async function notificationRoutes(app: FastifyInstance, ctx: NotifierContext): Promise<void> {
  app.post('/api/notifications', async (request, reply) => {
    const { eventId } = parseInput(notification, request.body, 'body');
    const { duplicate } = ctx.deliveries.record(eventId);
    ctx.metrics.deliveries.inc();
    if (duplicate) ctx.metrics.duplicates.inc();
    if (request.errorAfterRecording) throw request.errorAfterRecording;
    return reply.code(202).send({ accepted: true, eventId });
  });
}
