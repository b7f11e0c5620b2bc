import { isDependencyFailure } from './errors.js';
import type { ResilienceEvents } from './events.js';

export interface CacheOptions {
  dependency: string;
  events: ResilienceEvents;
  /** How long a value is served without calling (default 30 s). */
  ttlMs?: number;
  /** How long after expiry a value may still be served when the call fails (default 5 min). */
  staleIfErrorMs?: number;
  /** Entries kept; the least recently used goes first (default 1000). */
  maxEntries?: number;
}

export const CACHE_DEFAULTS = { ttlMs: 30_000, staleIfErrorMs: 300_000, maxEntries: 1_000 };

export type CacheOutcome = 'hit' | 'miss' | 'stale';

interface Entry {
  value: unknown;
  storedAt: number;
}

/**
 * An in-process response cache with TTL and stale-if-error: a fresh value is served without calling (`hit`);
 * otherwise the call runs (`miss`) and its value is kept; if it fails with a dependency failure (not a 4xx) and a
 * value younger than ttl + staleIfError exists, that value is served (`stale`). Bounded: least recently used
 * entries are evicted. Hand-written: cockatiel has no cache, and a Map in insertion order is all LRU needs.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly staleIfErrorMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: CacheOptions) {
    this.ttlMs = options.ttlMs ?? CACHE_DEFAULTS.ttlMs;
    this.staleIfErrorMs = options.staleIfErrorMs ?? CACHE_DEFAULTS.staleIfErrorMs;
    this.maxEntries = Math.max(1, options.maxEntries ?? CACHE_DEFAULTS.maxEntries);
  }

  get size(): number {
    return this.entries.size;
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<{ value: T; outcome: CacheOutcome }> {
    const entry = this.lookup(key);
    const now = Date.now();
    if (entry && now - entry.storedAt < this.ttlMs) return this.served(key, entry, 'hit');
    this.emit('miss');
    try {
      const value = await load();
      this.store(key, value);
      return { value, outcome: 'miss' };
    } catch (error) {
      const last = this.lookup(key);
      if (last && isDependencyFailure(error)) return this.served(key, last, 'stale');
      throw error;
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The entry if still servable (fresh or within the stale window); drops it otherwise. */
  private lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.storedAt >= this.ttlMs + this.staleIfErrorMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private served<T>(key: string, entry: Entry, outcome: 'hit' | 'stale'): { value: T; outcome: CacheOutcome } {
    // re-insert: most recently used last
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.emit(outcome);
    return { value: entry.value as T, outcome };
  }

  private store(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: Date.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private emit(outcome: CacheOutcome): void {
    this.options.events.emit({ type: 'cache', dependency: this.options.dependency, outcome });
  }
}
