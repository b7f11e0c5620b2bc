import { LRUCache } from 'lru-cache';

/**
 * The keys (eventIds) this process saw most recently, each for less than `ttlMs`, the least recently used evicted
 * beyond `capacity`: the replay check while Redis is unreachable. lru-cache does the work; this only names it.
 */
export class SeenLru {
  private readonly seen: LRUCache<string, true>;

  constructor(capacity: number, ttlMs: number, now: () => number = Date.now) {
    this.seen = new LRUCache<string, true>({
      max: capacity,
      // lru-cache keeps a key while its age is at most ttl; a Redis key (and ours) is gone once the age reaches it
      ttl: Math.max(1, ttlMs - 1),
      // lru-cache takes a start time of 0 for "no ttl": a clock that starts at 0 (a test's) must not hit it
      perf: { now: () => now() + 1 },
      ttlResolution: 0,
    });
  }

  /** Seen within the time to live; counts as a use (the key becomes the most recent). */
  has(key: string): boolean {
    return this.seen.get(key) === true;
  }

  add(key: string): void {
    this.seen.set(key, true);
  }

  get size(): number {
    return this.seen.size;
  }
}
