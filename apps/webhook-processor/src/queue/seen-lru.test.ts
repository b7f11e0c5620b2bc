import { describe, expect, it } from 'vitest';
import { SeenLru } from './seen-lru.js';

describe('SeenLru', () => {
  it('evicts the least recently used key beyond its capacity', () => {
    const lru = new SeenLru(2, 60_000);
    lru.add('a');
    lru.add('b');
    expect(lru.has('a')).toBe(true); // a is now the most recent
    lru.add('c'); // evicts b
    expect(lru.has('b')).toBe(false);
    expect(lru.has('a')).toBe(true);
    expect(lru.has('c')).toBe(true);
    expect(lru.size).toBe(2);
  });

  it('forgets a key after its time to live, as the Redis key would expire', () => {
    let now = 0;
    const lru = new SeenLru(10, 1_000, () => now);
    lru.add('a');
    now = 999;
    expect(lru.has('a')).toBe(true);
    now = 1_000;
    expect(lru.has('a')).toBe(false);
    expect(lru.size).toBe(0);
  });
});
