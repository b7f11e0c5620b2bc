import { HttpError, parseInput } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { NotifierContext } from '../context.js';
import type { FirstResult } from '../idempotency.js';

const notification = z.object({
  /** The caller's idempotency key: the same event must carry the same eventId on every attempt. */
  eventId: z.string().min(1).max(256),
  conversationId: z.string().min(1).max(256).optional(),
  topic: z.string().min(1).max(512),
  payload: z.record(z.string(), z.unknown()),
});

const headers = z.object({ 'idempotency-key': z.string().min(1).max(256).optional() });

/**
 * POST /api/notifications: accepts a notification (202) and records its delivery by eventId. With an
 * `Idempotency-Key`, a repeat answers the first result (header `idempotent-replayed: true`) and causes no second
 * effect; the same key with another eventId is refused (422, field idempotency-key), as Stripe-like APIs do.
 */
export async function notificationRoutes(app: FastifyInstance, ctx: NotifierContext): Promise<void> {
  app.post('/api/notifications', async (request, reply) => {
    const { eventId } = parseInput(notification, request.body, 'body');
    const key = parseInput(headers, request.headers, 'header')['idempotency-key'];
    const first = key === undefined ? undefined : ctx.idempotency.first(key);
    if (first && first.body.eventId !== eventId) {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        `Idempotency-Key ${key} was first used for eventId ${first.body.eventId}`,
        'idempotency-key',
      );
    }
    const { duplicate, duplicateEffect } = ctx.deliveries.record(eventId, !first);
    ctx.metrics.deliveries.inc();
    if (duplicate) ctx.metrics.duplicates.inc();
    if (!first) ctx.metrics.effects.inc();
    if (duplicateEffect) ctx.metrics.duplicateEffects.inc();
    const result: FirstResult = first ?? { status: 202, body: { accepted: true, eventId } };
    if (key !== undefined && !first) ctx.idempotency.remember(key, result);
    if (request.errorAfterRecording) throw request.errorAfterRecording;
    if (first) reply.header('idempotent-replayed', 'true');
    return reply.code(result.status).send(result.body);
  });
}
