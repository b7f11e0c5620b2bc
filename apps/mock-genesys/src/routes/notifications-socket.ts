import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { MockContext } from '../context.js';
import { GenesysError, notFound } from '../errors.js';
import type { Channel } from '../notifications/channels.js';
import { heartbeatFrame, liveEventFor, type NotificationFrame, pongFrame } from '../notifications/events.js';

type SocketParams = { Params: { channelId: string } };
const SOCKET_PATH = '/channels/:channelId';

/**
 * Only the channel path upgrades: an upgrade request anywhere else is refused over HTTP before any handshake (400
 * naming `upgrade`), instead of being upgraded and closed. On the root instance, before the routes. The channel
 * id is the socket's credential (96 random bits, from POST /notifications/channels): an unknown or expired one is
 * a 404 before the upgrade (the route's preValidation).
 */
export function refuseStrayUpgrades(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and a promise per request is measurable at load.
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    if (request.headers.upgrade === undefined || request.routeOptions.url === SOCKET_PATH) return done();
    done(
      new GenesysError(400, `Only ${SOCKET_PATH} accepts a WebSocket upgrade`, 'bad.request', [
        { errorCode: 'upgrade.not.allowed', fieldName: 'upgrade' },
      ]),
    );
  });
}

/**
 * The notification WebSocket at the channel's connectUri: heartbeats, answers to {"message":"ping"}, and
 * conversation events for the subscribed topics at the configured rate, and every change of a live conversation
 * on the topics that follow it (MOCK_LIVE_RATE). A second connection drops the first.
 */
export async function notificationSocketRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  app.get<SocketParams>(
    SOCKET_PATH,
    {
      websocket: true,
      preValidation: async (request) => {
        if (!ctx.channels.get(request.params.channelId))
          throw notFound(`Channel ${request.params.channelId} not found`);
      },
    },
    (socket, request) => {
      const channel = ctx.channels.get(request.params.channelId);
      if (!channel) {
        socket.close(4004, 'Channel not found');
        return;
      }
      ctx.channels.attach(channel, socket);
      const stop = streamTo(socket, channel, ctx);
      socket.on('message', (data) => {
        if (isPing(data.toString())) send(socket, pongFrame(), ctx, 'pong');
      });
      socket.on('close', () => {
        stop();
        ctx.channels.detach(channel, socket);
      });
    },
  );
}

function isPing(text: string): boolean {
  try {
    return (JSON.parse(text) as { message?: unknown }).message === 'ping';
  } catch {
    return false;
  }
}

function send(socket: WebSocket, frame: NotificationFrame, ctx: MockContext, kind: string): void {
  if (socket.readyState !== socket.OPEN || ctx.channels.isClosing(socket)) return;
  socket.send(JSON.stringify(frame));
  ctx.metrics.notificationEvents.inc({ kind });
}

/** Starts the heartbeat and event timers for one socket; returns the function that stops them. */
function streamTo(socket: WebSocket, channel: Channel, ctx: MockContext): () => void {
  const heartbeat = setInterval(
    () => send(socket, heartbeatFrame(), ctx, 'heartbeat'),
    ctx.live.heartbeatSeconds * 1_000,
  );
  const endsSent = new Set<string>();
  let turn = 0;
  let events: NodeJS.Timeout | undefined;
  if (ctx.live.eventsPerSecond > 0) {
    events = setInterval(() => {
      const topics = [...channel.topics.values()].filter(
        (t) => t.kind !== 'conversation-customer-end' || !endsSent.has(t.topic),
      );
      const topic = topics[turn++ % Math.max(1, topics.length)];
      if (!topic) return;
      const frame = ctx.events.eventFor(topic);
      if (!frame) return;
      if (topic.kind === 'conversation-customer-end') endsSent.add(topic.topic);
      send(socket, frame, ctx, topic.kind);
    }, 1_000 / ctx.live.eventsPerSecond);
  }
  // Live traffic: each start, answer and end, on the topics that follow that conversation, as it happens.
  const stopLive = ctx.traffic.onChange((change) => {
    for (const topic of channel.topics.values()) {
      if (topic.kind === 'conversation-customer-end' && endsSent.has(topic.topic)) continue;
      const frame = liveEventFor(topic, change);
      if (!frame) continue;
      if (topic.kind === 'conversation-customer-end') endsSent.add(topic.topic);
      send(socket, frame, ctx, topic.kind);
    }
  });
  return () => {
    stopLive();
    clearInterval(heartbeat);
    if (events) clearInterval(events);
  };
}
