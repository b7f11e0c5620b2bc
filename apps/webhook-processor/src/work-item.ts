/** One event to deliver to the notifier, whichever way it came in. Stored as JSON in the events stream. */
export interface WorkItem {
  /** Stable id: the sender's eventId, or a notification's metadata.CorrelationId. The idempotency key. */
  eventId: string;
  source: 'websocket' | 'webhook';
  topic: string;
  conversationId?: string;
  payload: Record<string, unknown>;
  /** When this process accepted it (ISO 8601). */
  receivedAt: string;
}

/** What one notification WebSocket frame is to the subscriber. */
export type FrameKind =
  | { kind: 'heartbeat' }
  | { kind: 'pong' }
  | { kind: 'socket-closing' }
  | { kind: 'event'; item: WorkItem }
  | { kind: 'ignored'; reason: string };

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * Classifies a notification frame `{topicName, version, eventBody, metadata: {CorrelationId}}`: channel.metadata
 * heartbeats and pongs and v2.system.socket_closing are not work; an event becomes a work item whose eventId is its
 * CorrelationId and whose conversationId is `eventBody.id` (or `eventBody.conversationId` on detail events).
 * Anything unreadable, or an event without a CorrelationId (no stable id to deduplicate on), is ignored.
 */
export function classifyFrame(data: string, now: () => Date = () => new Date()): FrameKind {
  let frame: Record<string, unknown> | undefined;
  try {
    frame = record(JSON.parse(data));
  } catch {
    return { kind: 'ignored', reason: 'not JSON' };
  }
  const topic = text(frame?.topicName);
  if (!frame || !topic) return { kind: 'ignored', reason: 'no topicName' };
  const body = record(frame.eventBody) ?? {};
  if (topic === 'channel.metadata') {
    if (body.message === 'pong') return { kind: 'pong' };
    if (body.message === 'WebSocket Heartbeat') return { kind: 'heartbeat' };
    return { kind: 'ignored', reason: 'channel metadata' };
  }
  if (topic === 'v2.system.socket_closing') return { kind: 'socket-closing' };
  const eventId = text(record(frame.metadata)?.CorrelationId);
  if (!eventId) return { kind: 'ignored', reason: 'no metadata.CorrelationId' };
  const conversationId = text(body.id) ?? text(body.conversationId);
  return {
    kind: 'event',
    item: {
      eventId,
      source: 'websocket',
      topic,
      ...(conversationId ? { conversationId } : {}),
      payload: body,
      receivedAt: now().toISOString(),
    },
  };
}
