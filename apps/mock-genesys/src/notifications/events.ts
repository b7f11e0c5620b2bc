import { randomUUID } from 'node:crypto';
import type { Dataset } from '../data/dataset.js';
import type { LiveChange } from '../data/live-traffic.js';
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

  /** `lookup` finds a conversation by id, live ones included. */
  constructor(
    data: Dataset,
    private readonly lookup: (conversationId: string) => AnalyticsConversation | undefined = (id) =>
      data.conversationsById.get(id),
  ) {
    for (const c of data.conversations) {
      for (const p of c.participants) {
        if (p.userId) push(this.byUser, p.userId, c);
        for (const s of p.sessions) for (const seg of s.segments) if (seg.queueId) push(this.byQueue, seg.queueId, c);
      }
    }
  }

  eventFor(topic: ParsedTopic): NotificationFrame | undefined {
    if (topic.kind === 'conversation-customer-end') {
      const c = this.lookup(topic.entityId);
      // A live conversation still going on has not ended yet: its event comes when it does (liveEventFor).
      return c?.conversationEnd === undefined ? undefined : customerEndFrame(topic, c, Date.now());
    }
    const pool = (topic.kind === 'queue-conversations' ? this.byQueue : this.byUser).get(topic.entityId) ?? [];
    const conversation = pool.length > 0 ? pool[this.cursor++ % pool.length] : undefined;
    if (!conversation) return undefined;
    return {
      topicName: topic.topic,
      version: '2',
      eventBody: liveConversation(conversation, this.cursor),
      metadata: { CorrelationId: randomUUID() },
    };
  }
}

/**
 * The frame a live traffic change makes on a subscribed topic, or undefined when the topic does not follow it:
 * its queue's and its agent's (once answered) conversation topics at every change, its customer.end when it ends.
 */
export function liveEventFor(topic: ParsedTopic, change: LiveChange): NotificationFrame | undefined {
  const c = change.conversation;
  if (topic.kind === 'conversation-customer-end')
    return topic.entityId === c.conversationId && change.phase === 'ended'
      ? customerEndFrame(topic, c, change.at)
      : undefined;
  const follows =
    topic.kind === 'queue-conversations'
      ? topic.entityId === change.queueId
      : topic.entityId === change.userId && c.participants.some((p) => p.userId === change.userId);
  if (!follows) return undefined;
  return {
    topicName: topic.topic,
    version: '2',
    eventBody: liveConversation(c),
    metadata: { CorrelationId: randomUUID() },
  };
}

function customerEndFrame(topic: ParsedTopic, c: AnalyticsConversation, eventTime: number): NotificationFrame {
  const customer = c.participants.find((p) => p.purpose === 'customer');
  const session = customer?.sessions[0];
  const queueId = c.participants.flatMap((p) => p.sessions.flatMap((s) => s.segments)).find((s) => s.queueId)?.queueId;
  return {
    topicName: topic.topic,
    version: '1',
    eventBody: {
      eventTime,
      conversationId: c.conversationId,
      participantId: customer?.participantId,
      sessionId: session?.sessionId,
      mediaType: session?.mediaType,
      direction: session?.direction,
      queueId,
      disconnectType: session?.segments.at(-1)?.disconnectType,
    },
    metadata: { CorrelationId: randomUUID() },
  };
}

/**
 * The conversation as a live conversation event: participants with states and times. `tick` rotates the state of
 * a replayed data-set conversation; without it each participant's state is its own (connected while its last
 * segment is open).
 */
function liveConversation(c: AnalyticsConversation, tick?: number): Record<string, unknown> {
  const states = ['alerting', 'connected', 'disconnected'] as const;
  return {
    id: c.conversationId,
    participants: c.participants.map((p) => {
      const segments = p.sessions.flatMap((s) => s.segments);
      const state =
        tick === undefined
          ? segments.at(-1)?.segmentEnd
            ? 'disconnected'
            : 'connected'
          : states[tick % states.length];
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
