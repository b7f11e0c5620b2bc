import { describe, expect, it } from 'vitest';
import { classifyFrame } from './work-item.js';

const NOW = new Date('2026-11-03T10:00:00.000Z');
const frame = (value: unknown) => classifyFrame(JSON.stringify(value), () => NOW);
const CONVERSATION = '6a0e5b4c-0000-4000-8000-000000000001';
const QUEUE_TOPIC = 'v2.routing.queues.1b2c3d4e-0000-4000-8000-000000000000.conversations';

describe('classifyFrame', () => {
  it('maps an event to a work item: CorrelationId is the eventId, eventBody.id the conversation', () => {
    const body = { id: CONVERSATION, participants: [{ purpose: 'customer' }] };
    expect(
      frame({ topicName: QUEUE_TOPIC, version: '2', eventBody: body, metadata: { CorrelationId: 'c-1' } }),
    ).toEqual({
      kind: 'event',
      item: {
        eventId: 'c-1',
        source: 'websocket',
        topic: QUEUE_TOPIC,
        conversationId: CONVERSATION,
        payload: body,
        receivedAt: NOW.toISOString(),
      },
    });
  });

  it('takes eventBody.conversationId on detail events, and no conversation when there is none', () => {
    const detail = frame({
      topicName: `v2.detail.events.conversation.${CONVERSATION}.customer.end`,
      eventBody: { conversationId: CONVERSATION },
      metadata: { CorrelationId: 'c-2' },
    });
    expect(detail).toMatchObject({ kind: 'event', item: { eventId: 'c-2', conversationId: CONVERSATION } });
    const bare = frame({ topicName: 'v2.users.x.presence', eventBody: {}, metadata: { CorrelationId: 'c-3' } });
    expect(bare.kind === 'event' && 'conversationId' in bare.item).toBe(false);
  });

  it('is no work item for heartbeats, pongs and socket_closing', () => {
    expect(frame({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } })).toEqual({
      kind: 'heartbeat',
    });
    expect(frame({ topicName: 'channel.metadata', eventBody: { message: 'pong' } })).toEqual({ kind: 'pong' });
    expect(
      frame({
        topicName: 'v2.system.socket_closing',
        eventBody: { message: 'Socket is closing for maintenance' },
        metadata: { CorrelationId: 'c-4' },
      }),
    ).toEqual({ kind: 'socket-closing' });
  });

  it('ignores what it cannot read, and events without a stable id', () => {
    expect(classifyFrame('not json').kind).toBe('ignored');
    expect(frame([1, 2]).kind).toBe('ignored');
    expect(frame({ eventBody: {} }).kind).toBe('ignored');
    expect(frame({ topicName: QUEUE_TOPIC, eventBody: { id: CONVERSATION } })).toEqual({
      kind: 'ignored',
      reason: 'no metadata.CorrelationId',
    });
  });
});
