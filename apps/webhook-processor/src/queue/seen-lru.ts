/**
 * The keys (eventIds) this process saw most recently, each for at most `ttlMs`, the least recently used evicted
 * beyond `capacity`: the replay check while Redis is unreachable. Hand-written (a Map keeps insertion order, which
 * is all an LRU needs); no LRU library is in the repo and this one is a few lines.
 */
export class SeenLru {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(key: string): boolean {
    const expiry = this.expiries.get(key);
    if (expiry === undefined) return false;
    this.expiries.delete(key);
    if (expiry <= this.now()) return false;
    this.expiries.set(key, expiry);
    return true;
  }

  add(key: string): void {
    this.expiries.delete(key);
    this.expiries.set(key, this.now() + this.ttlMs);
    while (this.expiries.size > this.capacity) {
      const oldest = this.expiries.keys().next().value;
      if (oldest === undefined) break;
      this.expiries.delete(oldest);
    }
  }

  get size(): number {
    return this.expiries.size;
  }
}
