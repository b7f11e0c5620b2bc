import { describe, expect, it } from 'vitest';
import { GiveUp, waitFor } from './wait.js';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor('third call', async () => (++calls >= 3 ? calls : undefined), { intervalMs: 1 });
    expect(value).toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        'a server',
        async () => {
          throw new Error('ECONNREFUSED');
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/timed out after 30 ms waiting for a server: ECONNREFUSED/);
  });

  it('stops at once on GiveUp', async () => {
    let calls = 0;
    await expect(
      waitFor(
        'a dead process',
        async () => {
          calls++;
          throw new GiveUp('it exited');
        },
        { timeoutMs: 10_000, intervalMs: 1 },
      ),
    ).rejects.toThrow('it exited');
    expect(calls).toBe(1);
  });
});
