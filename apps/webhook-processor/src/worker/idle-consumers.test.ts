import { describe, expect, it } from 'vitest';
import { parseConsumers } from './idle-consumers.js';

describe('parseConsumers', () => {
  it('reads XINFO CONSUMERS rows (Redis 7.0 and 7.2+ forms), skipping what is not a consumer', () => {
    const reply = [
      ['name', 'a', 'pending', 2, 'idle', 10],
      ['name', 'b', 'pending', 0, 'idle', 90_000, 'inactive', 90_000],
      'junk',
      ['pending', 1],
    ];
    expect(parseConsumers(reply)).toEqual([
      { name: 'a', pending: 2, idle: 10 },
      { name: 'b', pending: 0, idle: 90_000 },
    ]);
    expect(parseConsumers(null)).toEqual([]);
  });
});
