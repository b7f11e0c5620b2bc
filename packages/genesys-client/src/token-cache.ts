import { abortable } from '@lab/async';

/** What one token request yields. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  /** Asks the platform for a new token (client-credentials grant). Called at most once at a time. */
  fetchToken: () => Promise<IssuedToken>;
  /** Milliseconds since the epoch; injected so that tests can move time. */
  now?: () => number;
  /**
   * Refresh this long before the token expires (default 60 s). Capped at half the token's lifetime, so that a
   * short-lived token is not refreshed on every call.
   */
  refreshBeforeExpirySeconds?: number;
  /** Hears a background refresh (of a still-valid token) that failed; the next call tries again. */
  onRefreshError?: (error: unknown) => void;
}

interface Cached {
  accessToken: string;
  /** When the platform stops accepting it. */
  expiresAt: number;
  /** When we start replacing it. */
  refreshAt: number;
}

/**
 * A client-credentials token, cached, and replaced by ONE request at a time, so a cold start or an expiry under
 * load costs one POST /oauth/token, not one per caller. In the last 60 s of its life the token is refreshed in the
 * background while callers keep getting the still-valid one: a slow or failing token endpoint hurts nobody until
 * the token really expires (a failed background refresh is tried again on the next call). Only a missing or
 * expired token makes callers wait, all on the same request. The token is never logged or exposed beyond `get()`.
 */
export class TokenCache {
  // ECMAScript private fields: invisible to JSON.stringify and util.inspect, so a logged cache shows no token.
  #cached: Cached | undefined;
  #inFlight: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly refreshBeforeMs: number;

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now;
    this.refreshBeforeMs = (options.refreshBeforeExpirySeconds ?? 60) * 1_000;
  }

  /**
   * A valid token: the cached one (starting the single background refresh when it is due), or, when there is none
   * or it has expired, the one the (single) refresh brings.
   */
  get(signal?: AbortSignal): Promise<string> {
    const cached = this.#cached;
    const now = this.now();
    if (cached && now < cached.expiresAt) {
      if (now >= cached.refreshAt && !this.#inFlight)
        this.refresh().catch((error: unknown) => this.options.onRefreshError?.(error));
      return Promise.resolve(cached.accessToken);
    }
    return abortable(this.refresh(), signal);
  }

  /**
   * The platform rejected `rejected` (401: expired or revoked server-side). Refreshes once, however many callers
   * report the same token; a caller reporting a token that has already been replaced gets the current one.
   */
  invalidate(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.#cached?.accessToken === rejected) this.#cached = undefined;
    return this.get(signal);
  }

  /** Seconds until the cached token expires, or undefined when there is none (for diagnostics; not the token). */
  expiresInSeconds(): number | undefined {
    return this.#cached ? Math.max(0, (this.#cached.expiresAt - this.now()) / 1_000) : undefined;
  }

  private refresh(): Promise<string> {
    if (this.#inFlight) return this.#inFlight;
    const started = this.now();
    const attempt = new Promise<IssuedToken>((resolve) => resolve(this.options.fetchToken()))
      .then(({ accessToken, expiresInSeconds }) => {
        const lifetimeMs = Math.max(0, expiresInSeconds * 1_000);
        const expiresAt = started + lifetimeMs;
        const refreshAt = expiresAt - Math.min(this.refreshBeforeMs, lifetimeMs / 2);
        this.#cached = { accessToken, expiresAt, refreshAt };
        return accessToken;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    this.#inFlight = attempt;
    return attempt;
  }
}
