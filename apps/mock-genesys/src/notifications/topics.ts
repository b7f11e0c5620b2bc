import type { Dataset } from '../data/dataset.js';

/** Topics the mock can deliver, and how each names the entity it follows. */
export type TopicKind = 'queue-conversations' | 'user-conversations' | 'conversation-customer-end';

export interface ParsedTopic {
  topic: string;
  kind: TopicKind;
  entityId: string;
}

const PATTERNS: [TopicKind, RegExp][] = [
  ['queue-conversations', /^v2\.routing\.queues\.([0-9a-f-]{36})\.conversations$/],
  ['user-conversations', /^v2\.users\.([0-9a-f-]{36})\.conversations$/],
  ['conversation-customer-end', /^v2\.detail\.events\.conversation\.([0-9a-f-]{36})\.customer\.end$/],
];

export type TopicCheck = { ok: true; parsed: ParsedTopic } | { ok: false; reason: string };

/** `isConversation` tells whether a conversation id exists (the data set's or a live one). */
export function checkTopic(topic: string, data: Dataset, isConversation: (id: string) => boolean): TopicCheck {
  for (const [kind, pattern] of PATTERNS) {
    const entityId = pattern.exec(topic)?.[1];
    if (!entityId) continue;
    const known =
      kind === 'queue-conversations'
        ? data.queuesById.has(entityId)
        : kind === 'user-conversations'
          ? data.usersById.has(entityId)
          : isConversation(entityId);
    return known ? { ok: true, parsed: { topic, kind, entityId } } : { ok: false, reason: `No entity ${entityId}` };
  }
  return { ok: false, reason: 'Unknown topic or not permitted' };
}
