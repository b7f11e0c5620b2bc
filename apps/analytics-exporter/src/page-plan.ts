import type { Checkpoint } from './checkpoint.js';
import type { ExportedConversation, ResultsPage } from './details-jobs.js';

/** A recreated job does not list the conversations in the order the lost one did: resuming would skip or repeat. */
export class OrderChangedError extends Error {
  override readonly name = 'OrderChangedError';
}

export interface PagePlan {
  /** What to append to the file. */
  rows: ExportedConversation[];
  /** How many of the page's conversations were already written (by the lost job) and are skipped. */
  skipped: number;
  /** The checkpoint once `rows` are appended, except `byteOffset` (the file's new length, known after writing). */
  next: Omit<Checkpoint, 'byteOffset' | 'updatedAt'>;
}

/**
 * What one results page changes: while `skipRemaining` > 0 (a new job after the old one was lost), the first
 * conversations are ones the file already holds and are skipped; when the skip ends inside the results, the last
 * skipped conversation must be the last one written, else the order changed and the export must not go on.
 */
export function planPage(checkpoint: Checkpoint, page: ResultsPage): PagePlan {
  const conversations = page.conversations;
  const skipped = Math.min(checkpoint.skipRemaining, conversations.length);
  const skipRemaining = checkpoint.skipRemaining - skipped;
  if (skipped > 0 && skipRemaining === 0 && checkpoint.lastConversationId !== null) {
    const boundary = conversations[skipped - 1]?.conversationId;
    if (boundary !== checkpoint.lastConversationId) {
      throw new OrderChangedError(
        `the new job lists ${boundary ?? 'nothing'} where the file's last conversation ` +
          `${checkpoint.lastConversationId} was expected (conversation ${checkpoint.conversationsWritten})`,
      );
    }
  }
  if (!page.cursor && skipRemaining > 0) {
    throw new OrderChangedError(
      `the new job lists ${checkpoint.conversationsWritten - skipRemaining} conversations, ` +
        `fewer than the ${checkpoint.conversationsWritten} already written`,
    );
  }
  const rows = conversations.slice(skipped);
  return {
    rows,
    skipped,
    next: {
      ...checkpoint,
      cursor: page.cursor ?? null,
      skipRemaining,
      resultsDone: !page.cursor,
      pagesWritten: checkpoint.pagesWritten + (rows.length > 0 ? 1 : 0),
      conversationsWritten: checkpoint.conversationsWritten + rows.length,
      lastConversationId: rows.at(-1)?.conversationId ?? checkpoint.lastConversationId,
    },
  };
}

/** The checkpoint after the job was lost: a new job for the same interval, skipping what the file already holds. */
export function afterJobLost(checkpoint: Checkpoint): Checkpoint {
  return {
    ...checkpoint,
    jobId: null,
    cursor: null,
    resultsDone: false,
    skipRemaining: checkpoint.conversationsWritten,
  };
}
