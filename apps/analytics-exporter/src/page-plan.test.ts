import { describe, expect, it } from 'vitest';
import { type Checkpoint, initialCheckpoint } from './checkpoint.js';
import { afterJobLost, OrderChangedError, planPage } from './page-plan.js';
import { conversations } from './testing/fake-details-jobs.js';

const all = conversations(10);
const start = (): Checkpoint => ({
  ...initialCheckpoint('exp', '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z', 4, new Date()),
  jobId: 'job-1',
});
const written = (n: number): Checkpoint => ({
  ...start(),
  cursor: 'old-cursor',
  pagesWritten: 2,
  conversationsWritten: n,
  byteOffset: 1234,
  lastConversationId: all[n - 1]!.conversationId!,
});

describe('planPage', () => {
  it('writes a whole page and moves the cursor; the last page marks the results done', () => {
    const plan = planPage(start(), { conversations: all.slice(0, 4), cursor: 'c4' });
    expect(plan.rows).toEqual(all.slice(0, 4));
    expect(plan.next).toMatchObject({ cursor: 'c4', pagesWritten: 1, conversationsWritten: 4, resultsDone: false });
    expect(plan.next.lastConversationId).toBe('c-0004');
    const last = planPage(plan.next as Checkpoint, { conversations: all.slice(4, 6) });
    expect(last.next).toMatchObject({ cursor: null, resultsDone: true, conversationsWritten: 6 });
  });

  it('after a lost job, skips what the file holds across pages and writes the rest of the boundary page', () => {
    const lost = afterJobLost(written(6));
    expect(lost).toMatchObject({
      jobId: null,
      cursor: null,
      skipRemaining: 6,
      conversationsWritten: 6,
      byteOffset: 1234,
    });
    const renewed = { ...lost, jobId: 'job-2' };
    const p1 = planPage(renewed, { conversations: all.slice(0, 4), cursor: 'n4' });
    expect(p1.rows).toEqual([]);
    expect(p1.next).toMatchObject({ skipRemaining: 2, pagesWritten: 2, conversationsWritten: 6, cursor: 'n4' });
    const p2 = planPage(p1.next as Checkpoint, { conversations: all.slice(4, 8), cursor: 'n8' });
    expect(p2.skipped).toBe(2);
    expect(p2.rows.map((c) => c.conversationId)).toEqual(['c-0007', 'c-0008']);
    expect(p2.next).toMatchObject({ skipRemaining: 0, pagesWritten: 3, conversationsWritten: 8 });
  });

  it('refuses to go on when the new job does not list the last written conversation at the skip boundary', () => {
    const renewed = { ...afterJobLost(written(6)), jobId: 'job-2' };
    const reordered = [all[1]!, all[0]!, ...all.slice(2, 5), all[6]!, all[5]!, all[7]!];
    expect(() => planPage(renewed, { conversations: reordered, cursor: 'x' })).toThrow(OrderChangedError);
  });

  it('refuses to finish when the new job lists fewer conversations than were written', () => {
    const renewed = { ...afterJobLost(written(6)), jobId: 'job-2' };
    expect(() => planPage(renewed, { conversations: all.slice(0, 5) })).toThrow('fewer than the 6 already written');
  });
});
