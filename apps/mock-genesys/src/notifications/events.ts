import { randomUUID } from 'node:crypto';
import type { Dataset } from '../data/dataset.js';
import type { AnalyticsConversation } from '../data/types.js';
import type { ParsedTopic } from './topics.js';

/** A WebSocket frame as the platform sends it. */
export interface NotificationFrame {
  topicName: string;
  version?: string;
  eventBody: Record<string, unknown>;
  metadata?: { CorrelationId: string };
}

export const heartbeatFrame = (): NotificationFrame => ({
  topicName: 'channel.metadata',
  eventBody: { message: 'WebSocket Heartbeat' },
});

export const pongFrame = (): NotificationFrame => ({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });

export const socketClosingFrame = (): NotificationFrame => ({
  topicName: 'v2.system.socket_closing',
  version: '2',
  eventBody: { message: 'Socket is closing for maintenance' },
  metadata: { CorrelationId: randomUUID() },
});

/** Builds conversation events from the data set: real conversation ids, so clients can look them up. */
export class EventSource {
  private readonly byQueue = new Map<string, AnalyticsConversation[]>();
  private readonly byUser = new Map<string, AnalyticsConversation[]>();
  private cursor = 0;

  constructor(private readonly data: Dataset) {
    for (const c of data.conversations) {
      for (const p of c.participants) {
        if (p.userId) push(this.byUser, p.userId, c);
        for (const s of p.sessions) for (const seg of s.segments) if (seg.queueId) push(this.byQueue, seg.queueId, c);
      }
    }
  }

  eventFor(topic: ParsedTopic): NotificationFrame | undefined {
    const metadata = { CorrelationId: randomUUID() };
    if (topic.kind === 'conversation-customer-end') {
      const c = this.data.conversationsById.get(topic.entityId);
      if (!c) return undefined;
      const customer = c.participants.find((p) => p.purpose === 'customer');
      const session = customer?.sessions[0];
      const queueId = c.participants
        .flatMap((p) => p.sessions.flatMap((s) => s.segments))
        .find((s) => s.queueId)?.queueId;
      return {
        topicName: topic.topic,
        version: '1',
        eventBody: {
          eventTime: Date.now(),
          conversationId: c.conversationId,
          participantId: customer?.participantId,
          sessionId: session?.sessionId,
          mediaType: session?.mediaType,
          direction: session?.direction,
          queueId,
          disconnectType: session?.segments.at(-1)?.disconnectType,
        },
        metadata,
      };
    }
    const pool = (topic.kind === 'queue-conversations' ? this.byQueue : this.byUser).get(topic.entityId) ?? [];
    const conversation = pool.length > 0 ? pool[this.cursor++ % pool.length] : undefined;
    if (!conversation) return undefined;
    return { topicName: topic.topic, version: '2', eventBody: liveConversation(conversation, this.cursor), metadata };
  }
}

/** The conversation as a live conversation event: participants with states and times. */
function liveConversation(c: AnalyticsConversation, tick: number): Record<string, unknown> {
  const states = ['alerting', 'connected', 'disconnected'] as const;
  const state = states[tick % states.length];
  return {
    id: c.conversationId,
    participants: c.participants.map((p) => {
      const segments = p.sessions.flatMap((s) => s.segments);
      return {
        id: p.participantId,
        name: p.participantName,
        purpose: p.purpose,
        userId: p.userId,
        queueId: segments.find((s) => s.queueId)?.queueId,
        state,
        connectedTime: segments[0]?.segmentStart,
        endTime: state === 'disconnected' ? segments.at(-1)?.segmentEnd : undefined,
        wrapup: segments.find((s) => s.wrapUpCode)?.wrapUpCode,
        mediaType: p.sessions[0]?.mediaType,
      };
    }),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (list.at(-1) !== value) list.push(value);
  } else map.set(key, [value]);
}
