/** The platform's budget for the caller, read from inin-ratelimit-* response headers. */
export interface RateLimit {
  /** First path segment after /api/v2 ("routing", "analytics", ...); "oauth" for the token endpoint. */
  family: string;
  /** Calls counted in the current window (inin-ratelimit-count). */
  count: number;
  /** Calls allowed per window (inin-ratelimit-allowed). */
  allowed: number;
  /** allowed - count, never below 0. */
  remaining: number;
  /** Seconds until the window restarts (inin-ratelimit-reset). */
  resetSeconds: number;
}

/** The API family of a path: "/api/v2/routing/queues" -> "routing", "/oauth/token" -> "oauth". */
export function familyOf(path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  if (segments[0] === 'api' && segments[1] === 'v2' && segments[2]) return segments[2];
  return segments[0] ?? 'unknown';
}

/**
 * The lab's one reader of `inin-ratelimit-count/-allowed/-reset` (the header names in lower case, as
 * `plainHeaders` gives them): undefined unless all three are non-negative numbers and `allowed` is at least 1.
 * The client emits the result as `rate-limit-headers`; the header pacer and the span read that event.
 */
export function rateLimitFrom(headers: Record<string, string>, family: string): RateLimit | undefined {
  const [count, allowed, resetSeconds] = ['count', 'allowed', 'reset'].map((name) => {
    const text = headers[`inin-ratelimit-${name}`]?.trim();
    return text ? Number(text) : Number.NaN;
  }) as [number, number, number];
  if (![count, allowed, resetSeconds].every((n) => Number.isFinite(n) && n >= 0) || allowed < 1) return undefined;
  return { family, count, allowed, remaining: Math.max(0, allowed - count), resetSeconds };
}

/** What the client emits after every answer that carried the headers: ResilienceEvents' `rate-limit-headers`. */
export interface RateLimitEvent {
  type: 'rate-limit-headers';
  family: string;
  remaining: number;
  allowed: number;
  resetSeconds: number;
}

/** Where `rate-limit-headers` go: a ResilienceEvents (which accepts every event), or anything with this `emit`. */
export interface EventSink {
  emit(event: RateLimitEvent): void;
}
