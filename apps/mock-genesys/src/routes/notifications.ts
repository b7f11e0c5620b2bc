import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { GenesysError, notFound } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Channel } from '../notifications/channels.js';
import { checkTopic } from '../notifications/topics.js';
import { parseInput } from '../validation.js';

const MAX_TOPICS = LIMITS.channelTopics;
const subscriptionBody = z.array(z.object({ id: z.string().min(1).max(512) }));
type ChannelParams = { Params: { channelId: string } };

/** Notification channels and their topic subscriptions. The WebSocket itself is in notifications-socket.ts. */
export async function notificationRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  const base = '/api/v2/notifications/channels';
  const own = (request: FastifyRequest<ChannelParams>): Channel => {
    const channel = ctx.channels.get(request.params.channelId, request.clientId);
    if (!channel) throw notFound(`Channel ${request.params.channelId} not found`);
    return channel;
  };
  const describe = (channel: Channel) => ({
    entities: [...channel.topics.values()].map((t) => ({ id: t.topic, state: 'Permitted' })),
  });
  const subscribe = (channel: Channel, body: unknown, replace: boolean) => {
    if (Array.isArray(body) && body.length > MAX_TOPICS) {
      throw new GenesysError(
        400,
        `A channel may have at most ${MAX_TOPICS} topics; this request names ${body.length}`,
        'bad.request',
        [{ errorCode: 'too.many.topics', fieldName: 'body' }],
        {},
        { key: 'channelTopics', namespace: 'mock-genesys', value: MAX_TOPICS },
      );
    }
    const topics = parseInput(subscriptionBody, body, 'body');
    const total = replace ? topics.length : new Set([...channel.topics.keys(), ...topics.map((t) => t.id)]).size;
    if (total > MAX_TOPICS) {
      throw new GenesysError(
        400,
        `A channel may have at most ${MAX_TOPICS} topics; this would make ${total}`,
        'bad.request',
        [{ errorCode: 'too.many.topics', fieldName: 'body' }],
        {},
        { key: 'channelTopics', namespace: 'mock-genesys', value: MAX_TOPICS },
      );
    }
    if (replace) channel.topics.clear();
    const entities = topics.map(({ id }) => {
      const check = checkTopic(id, ctx.data, (c) => ctx.data.conversationsById.has(c) || !!ctx.traffic.get(c));
      if (!check.ok) return { id, state: 'Rejected', rejectionReason: check.reason };
      channel.topics.set(id, check.parsed);
      return { id, state: 'Permitted' };
    });
    return { entities };
  };

  app.post(base, async (request) => {
    const channel = ctx.channels.create(request.clientId);
    const host = request.headers.host ?? `${ctx.config.SERVICE_HOST}:${ctx.config.SERVICE_PORT}`;
    return {
      id: channel.id,
      connectUri: `ws://${host}/channels/${channel.id}`,
      expires: new Date(channel.expiresAt).toISOString(),
    };
  });

  app.get(base, async (request) => ({
    entities: ctx.channels
      .list(request.clientId)
      .map((c) => ({ id: c.id, expires: new Date(c.expiresAt).toISOString() })),
  }));

  app.head<ChannelParams>(`${base}/:channelId`, async (request, reply) => {
    own(request);
    return reply.code(200).send();
  });

  app.get<ChannelParams>(`${base}/:channelId/subscriptions`, async (request) => describe(own(request)));
  app.post<ChannelParams>(`${base}/:channelId/subscriptions`, async (request) =>
    subscribe(own(request), request.body, false),
  );
  app.put<ChannelParams>(`${base}/:channelId/subscriptions`, async (request) =>
    subscribe(own(request), request.body, true),
  );
  app.delete<ChannelParams>(`${base}/:channelId/subscriptions`, async (request, reply) => {
    own(request).topics.clear();
    return reply.code(204).send();
  });
}
