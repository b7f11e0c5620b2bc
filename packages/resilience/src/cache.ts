import { LRUCache } from 'lru-cache';
import { isDependencyFailure } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface CacheOptions {
  dependency: string;
  events: ResilienceEvents;
  /** How long a value is served without calling. Defaults: resilienceConfigSchema's `cache`. */
  ttlMs?: number;
  /** How long after expiry a value may still be served when the call fails. */
  staleIfErrorMs?: number;
  /** Entries kept; the least recently used goes first. */
  maxEntries?: number;
}

export type CacheOutcome = 'hit' | 'miss' | 'stale';

/** A served value; `error`, when stale, is the failure that the stale value answered for. */
export type CacheAnswer<T> =
  | { value: T; outcome: 'hit' | 'miss'; error?: undefined }
  | { value: T; outcome: 'stale'; error: unknown };

/** Boxed, so that a call that resolves `undefined` is cached like any other value. */
type Box = { value: unknown };
type Load = () => Promise<unknown>;

/**
 * A response cache with TTL and stale-if-error, on lru-cache: a fresh value is served without calling (`hit`);
 * otherwise the call runs (`miss`) and its value is kept; if it fails with a dependency failure (not a 4xx) and a
 * value younger than ttl + staleIfError exists, that value is served (`stale`). lru-cache bounds it (least
 * recently used first), expires entries after ttl + staleIfError, and runs one load per key at a time: calls that
 * miss the same key while its load is in flight share that load's outcome (the first caller's call and signal).
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, Box, Load> | undefined;
  private readonly staleIfErrorMs: number;

  constructor(private readonly options: CacheOptions) {
    const ttlMs = options.ttlMs ?? resilienceDefaults.cache.ttlMs;
    this.staleIfErrorMs = options.staleIfErrorMs ?? resilienceDefaults.cache.staleIfErrorMs;
    // lru-cache drops an entry once its age exceeds its ttl; ours go when the age reaches ttl + staleIfError,
    // hence one ms less on a ms clock. A ttl of 0 means "forever" to lru-cache: with no window, nothing is kept.
    const lifeMs = ttlMs + this.staleIfErrorMs - 1;
    this.lru =
      lifeMs < 1
        ? undefined
        : new LRUCache<string, Box, Load>({
            max: Math.max(1, options.maxEntries ?? resilienceDefaults.cache.maxEntries),
            ttl: lifeMs,
            // Date.now, unrounded: the clock fake timers drive
            perf: { now: () => Date.now() },
            ttlResolution: 0,
            fetchMethod: async (_key, _stale, { context }) => ({ value: await context() }),
            // a failed load leaves the last good value in place (stale-if-error decides whether to serve it)...
            noDeleteOnFetchRejection: true,
            // ...and an entry evicted meanwhile does not cut its load short
            ignoreFetchAbort: true,
          });
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  async getOrLoad<T>(key: string, load: () => Promise<T>): Promise<CacheAnswer<T>> {
    const { lru } = this;
    if (!lru) {
      this.emit('miss');
      return { value: await load(), outcome: 'miss' };
    }
    // time left reaching into the TTL (life - age >= staleIfError, i.e. age < ttl) = still fresh
    const cached = lru.getRemainingTTL(key) >= this.staleIfErrorMs ? lru.get(key) : undefined;
    if (cached) {
      this.emit('hit');
      return { value: cached.value as T, outcome: 'hit' };
    }
    this.emit('miss');
    try {
      const box = await lru.fetch(key, { forceRefresh: true, context: load });
      return { value: box?.value as T, outcome: 'miss' };
    } catch (error) {
      const last = isDependencyFailure(error) ? lru.get(key) : undefined;
      if (!last) throw error;
      this.emit('stale');
      return { value: last.value as T, outcome: 'stale', error };
    }
  }

  delete(key: string): void {
    this.lru?.delete(key);
  }

  clear(): void {
    this.lru?.clear();
  }

  private emit(outcome: CacheOutcome): void {
    this.options.events.emit({ type: 'cache', dependency: this.options.dependency, outcome });
  }
}
