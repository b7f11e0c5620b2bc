import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireReviewLock, LockHeld } from './review-lock.js';

describe('review lock', () => {
  it('lets one review in; a second one is told who holds it, and gets in once it is released', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-lock-'));
    const release = await acquireReviewLock(dir, { waitMs: 0, command: 'first' });
    const second = acquireReviewLock(dir, { waitMs: 0, command: 'second' });
    await expect(second).rejects.toBeInstanceOf(LockHeld);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    await expect(second).rejects.toThrow('first');
    await release();
    const again = await acquireReviewLock(dir, { waitMs: 0, command: 'third' });
    await again();
  });
});
