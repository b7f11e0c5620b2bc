import { type Endpoint, GenesysApiError, toClientError } from './errors.js';
import { plainHeaders } from './headers.js';
import { type EventSink, type RateLimit, rateLimitFrom } from './rate-limit.js';
import type { Sdk } from './sdk.js';
import type { TokenCache } from './token-cache.js';

/** What every method resolves with. */
export interface GenesysResponse<T> {
  body: T;
  status: number;
  /** Lowercase names. */
  headers: Record<string, string>;
  /** From inin-ratelimit-*; undefined when the answer had none (e.g. a maintenance 503). */
  rateLimit: RateLimit | undefined;
  /** inin-correlation-id: quote it to Genesys support. */
  correlationId: string | undefined;
}

export interface CallOptions {
  /** Aborts the HTTP request (the socket is closed) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Runs one SDK call: a token from the cache, the call, and on 401 one refresh (shared with every other caller
 * that saw the same token rejected) and one retry. Every answer, success or error, emits `rate-limit-headers`.
 */
export class CallRunner {
  constructor(
    private readonly sdk: Sdk,
    private readonly tokens: TokenCache,
    private readonly events: EventSink | undefined,
    /** Takes a unit of budget for the 401 re-attempt (a second request the platform counts). */
    private readonly takeBudget?: (family: string, signal?: AbortSignal) => Promise<unknown>,
  ) {}

  async run<T>(endpoint: Endpoint, invoke: () => Promise<unknown>, signal?: AbortSignal): Promise<GenesysResponse<T>> {
    signal?.throwIfAborted();
    const token = await this.tokens.get(signal);
    try {
      return await this.attempt<T>(endpoint, token, invoke, signal);
    } catch (error) {
      if (!(error instanceof GenesysApiError) || error.status !== 401) throw error;
      const fresh = await this.tokens.invalidate(token, signal);
      await this.takeBudget?.(endpoint.family, signal);
      return this.attempt<T>(endpoint, fresh, invoke, signal);
    }
  }

  private async attempt<T>(
    endpoint: Endpoint,
    token: string,
    invoke: () => Promise<unknown>,
    signal: AbortSignal | undefined,
  ): Promise<GenesysResponse<T>> {
    let raw: unknown;
    try {
      // The SDK reads the token and builds the request synchronously inside invoke(), so this call uses `token`.
      raw = await this.sdk.http.withSignal(signal, () => {
        this.sdk.apiClient.setAccessToken(token);
        return invoke();
      });
    } catch (rejection) {
      const error = toClientError(rejection, endpoint, signal);
      if (error instanceof GenesysApiError) this.emitRateLimit(error.rateLimit);
      throw error;
    }
    const extended = raw as { status: number; headers: unknown; body: T };
    const headers = plainHeaders(extended.headers);
    const response: GenesysResponse<T> = {
      body: extended.body,
      status: extended.status,
      headers,
      rateLimit: rateLimitFrom(headers, endpoint.family),
      correlationId: headers['inin-correlation-id'],
    };
    this.emitRateLimit(response.rateLimit);
    return response;
  }

  private emitRateLimit(rateLimit: RateLimit | undefined): void {
    if (!rateLimit || !this.events) return;
    const { family, remaining, allowed, resetSeconds } = rateLimit;
    try {
      this.events.emit({ type: 'rate-limit-headers', family, remaining, allowed, resetSeconds });
    } catch {
      // A failing telemetry listener must not fail the call it observes.
    }
  }
}
