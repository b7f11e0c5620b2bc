/**
 * The events every resilience policy emits. Policies never import OpenTelemetry or prom-client: the telemetry
 * package subscribes to a ResilienceEvents emitter and turns these into span attributes and metrics.
 *
 * `dependency` names what is called, as "<service>-><target>" is too long for labels: it is the target alone,
 * e.g. "genesys", "crm", "notifier". `family` is a Genesys API family ("analytics", "routing", ...).
 */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export type ResilienceEvent =
  /** One attempt of a call ended and another will follow after `delayMs`. */
  | {
      type: 'retry';
      dependency: string;
      attempt: number;
      delayMs: number;
      status?: number;
      error?: string;
      /** Set when the wait came from a Retry-After header. */
      retryAfterMs?: number;
    }
  | { type: 'timeout'; dependency: string; timeoutMs: number }
  | { type: 'breaker-state'; dependency: string; from: BreakerState; to: BreakerState; shared: boolean }
  | { type: 'breaker-rejected'; dependency: string }
  | { type: 'bulkhead'; dependency: string; active: number; queued: number }
  | { type: 'bulkhead-rejected'; dependency: string }
  | { type: 'cache'; dependency: string; outcome: 'hit' | 'miss' | 'stale' }
  | { type: 'fallback'; dependency: string; reason: string }
  /** The caller waited for the org-wide (or local) rate budget, or for the platform's headers to reset. */
  | { type: 'rate-limit-wait'; family: string; waitMs: number; source: 'redis' | 'local' | 'headers' }
  /** One unit of the org budget taken: every request the platform counts (attempts, 401 re-attempts, tokens). */
  | { type: 'rate-budget-taken'; family: string; source: 'redis' | 'local' }
  /** The org-wide limiter switched store (Redis unreachable -> local, and back). */
  | { type: 'rate-limit-mode'; mode: 'redis' | 'local'; reason?: string }
  /** The shared breaker lost (mode 'local': only this replica's breaker counts) or regained Redis. */
  | { type: 'shared-breaker-mode'; dependency: string; mode: 'shared' | 'local'; reason?: string }
  /** What the platform said about the budget, from inin-ratelimit-* headers. */
  | { type: 'rate-limit-headers'; family: string; remaining: number; allowed: number; resetSeconds: number }
  /** One whole call through the policy stack, after retries. */
  | {
      type: 'call';
      dependency: string;
      outcome: 'success' | 'failure' | 'rejected' | 'fallback';
      durationMs: number;
      attempts: number;
    };

export type ResilienceEventType = ResilienceEvent['type'];
export type EventOf<T extends ResilienceEventType> = Extract<ResilienceEvent, { type: T }>;
export type Listener = (event: ResilienceEvent) => void;

/** A tiny typed fan-out: policies emit, telemetry (and tests) subscribe. */
export class ResilienceEvents {
  private readonly listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ResilienceEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
