import { LRUCache } from 'lru-cache';

/** The first answer given for an Idempotency-Key, answered again to every repeat. */
export interface FirstResult {
  status: number;
  body: { accepted: true; eventId: string };
}

/**
 * Idempotency-Key -> the first result, as a real API that supports the header keeps it: a repeat gets the same
 * answer and causes no second effect. Bounded (lru-cache, newest kept) and kept for a day, like Stripe's keys.
 */
export class IdempotencyStore {
  private readonly results: LRUCache<string, FirstResult>;

  constructor(max = 100_000, ttlMs = 86_400_000) {
    this.results = new LRUCache({ max, ttl: ttlMs });
  }

  first(key: string): FirstResult | undefined {
    return this.results.get(key);
  }

  remember(key: string, result: FirstResult): void {
    this.results.set(key, result);
  }

  clear(): void {
    this.results.clear();
  }
}
