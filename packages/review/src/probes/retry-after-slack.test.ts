import { describe, expect, it } from 'vitest';
import { retryAfterSlackMs } from './retry-after-slack.js';

describe('retryAfterSlackMs', () => {
  it('is the smallest gap past each Retry-After, per logical call (path)', () => {
    const calls = [
      { at: 1_000, path: '/c/a', status: 429, retryAfter: 2 },
      { at: 1_100, path: '/c/b', status: 429, retryAfter: 2 },
      { at: 3_400, path: '/c/b', status: 200 },
      { at: 3_050, path: '/c/a', status: 200 },
    ];
    expect(retryAfterSlackMs(calls)).toBe(50);
  });

  it('is negative when a retry came before the reset', () => {
    const calls = [
      { at: 0, path: '/c/a', status: 429, retryAfter: 2 },
      { at: 300, path: '/c/a', status: 200 },
    ];
    expect(retryAfterSlackMs(calls)).toBe(-1_700);
  });

  it('throws when no Retry-After answer was retried', () => {
    expect(() => retryAfterSlackMs([{ at: 0, path: '/c/a', status: 429, retryAfter: 2 }])).toThrow(/no answer/);
  });
});
