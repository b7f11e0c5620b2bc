import { BadRequest, parseInput } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebhookMetrics } from '../metrics.js';
import { type Intake, QueueUnavailableError } from '../queue/intake.js';
import { UnqueueableItemError } from '../queue/item-limits.js';
import { verifyWebhookSignature } from '../signature.js';

/** What a sender posts: the Genesys event, with its own stable id. */
const webhookBodySchema = z.object({
  eventId: z
    .string({ error: 'eventId is required (a string)' })
    .min(1, 'eventId must not be empty')
    .max(256, 'eventId is at most 256 characters'),
  topic: z
    .string({ error: 'topic is required (a string)' })
    .min(1, 'topic must not be empty')
    .max(512, 'topic is at most 512 characters'),
  conversationId: z.string().min(1).max(128).optional(),
  payload: z.record(z.string(), z.unknown(), { error: 'payload must be a JSON object' }).optional(),
});

export interface WebhookRouteOptions {
  intake: Intake;
  metrics: WebhookMetrics;
  secret: string;
  toleranceSeconds: number;
  /** Seconds a sender should wait before retrying while Redis is unreachable. */
  retryAfterSeconds?: number;
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
/** JSON is UTF-8 (RFC 8259): bytes that are not are a malformed body, not replacement characters. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * POST /webhooks/genesys: a signed Genesys event into the durable queue. The signature covers the raw bytes, so
 * this scope reads JSON bodies as strings and parses them itself, after checking the signature. 202 only once the
 * event is in the stream; 400 / 413 naming the limit when the event is too deep or too large for the queue (a
 * client mistake); 503 + Retry-After only when Redis cannot take it (never accepted and dropped).
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const { intake, metrics } = options;
  // The raw bytes, untouched: the HMAC is over them, and only then are they decoded (strict UTF-8) and parsed.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/webhooks/genesys', async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const problem = verifyWebhookSignature(
      {
        signature: header(request.headers['x-signature']),
        timestamp: header(request.headers['x-timestamp']),
        rawBody,
      },
      options.secret,
      { toleranceSeconds: options.toleranceSeconds },
    );
    if (problem) {
      metrics.rejected.inc({ reason: 'signature' });
      throw new BadRequest(problem.message, [{ field: problem.header, message: problem.message }], 401, problem.error);
    }

    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(rawBody));
    } catch {
      metrics.rejected.inc({ reason: 'invalid' });
      throw new BadRequest('body is not valid UTF-8 JSON', [{ field: 'body', message: 'malformed JSON' }]);
    }
    let input: z.infer<typeof webhookBodySchema>;
    try {
      input = parseInput(webhookBodySchema, json, 'body');
    } catch (error) {
      metrics.rejected.inc({ reason: 'invalid' });
      throw error;
    }

    const item = {
      eventId: input.eventId,
      source: 'webhook' as const,
      topic: input.topic,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      payload: input.payload ?? {},
      receivedAt: new Date().toISOString(),
    };
    try {
      const result = await intake.enqueue(item);
      if (result.outcome === 'replayed') {
        metrics.rejected.inc({ reason: 'replay' });
        const message = `eventId ${input.eventId} was already accepted`;
        throw new BadRequest(message, [{ field: 'eventId', message: 'replayed' }], 409, 'replayed');
      }
    } catch (error) {
      if (error instanceof UnqueueableItemError) {
        // The event itself can never be queued: a client mistake (400 / 413 naming the limit), not an outage.
        metrics.rejected.inc({ reason: error.kind });
        const status = error.kind === 'too_large' ? 413 : 400;
        const details = [{ field: 'payload', message: `${error.message}; limit ${error.limit}` }];
        throw new BadRequest(error.message, details, status, error.kind === 'too_large' ? 'too_large' : 'too_deep');
      }
      if (!(error instanceof QueueUnavailableError)) throw error;
      metrics.unavailable.inc({ source: 'webhook' });
      request.log.warn({ err: error.message, eventId: input.eventId }, 'webhook not accepted: redis unreachable');
      return reply
        .code(503)
        .header('retry-after', String(options.retryAfterSeconds ?? 5))
        .send({ error: 'unavailable', message: 'the event store is unreachable; retry later', details: [] });
    }
    metrics.received.inc({ source: 'webhook' });
    return reply.code(202).send({ accepted: true, eventId: input.eventId });
  });
}
