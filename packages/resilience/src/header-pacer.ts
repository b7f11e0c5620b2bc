import { type Headers, lowerCaseHeaders } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { sleep } from './sleep.js';

export interface HeaderPacerOptions {
  events: ResilienceEvents;
  /** Pacing starts when remaining / allowed falls below this share (default 0.05). */
  threshold?: number;
}

export const HEADER_PACER_DEFAULTS = { threshold: 0.05 };

interface Plan {
  /** When the platform's window resets (epoch ms): pacing ends. */
  until: number;
  /** Spacing between calls so the remaining budget lasts until `until`. */
  intervalMs: number;
  /** The next free slot (epoch ms). */
  nextAt: number;
}

export interface RateLimitReading {
  count: number;
  allowed: number;
  resetSeconds: number;
}

/** inin-ratelimit-count / -allowed / -reset, if all three are there and numeric. */
export function readRateLimitHeaders(headers: Record<string, unknown> | undefined): RateLimitReading | undefined {
  if (!headers) return undefined;
  const h: Headers = lowerCaseHeaders(headers);
  const [count, allowed, resetSeconds] = ['count', 'allowed', 'reset'].map((n) => Number(h[`inin-ratelimit-${n}`]));
  if (![count, allowed, resetSeconds].every((n) => Number.isFinite(n)) || !allowed) return undefined;
  return { count: count as number, allowed: allowed as number, resetSeconds: resetSeconds as number };
}

/**
 * Slows down before the platform says 429. Fed the `inin-ratelimit-*` headers of each response (`observe`), it
 * emits `rate-limit-headers`; once remaining = allowed - count falls below `threshold` x allowed, the next calls of
 * that family (`wait`) are spaced by reset / (remaining + 1), so the rest of the budget spreads over the time left
 * in the window (remaining 0: wait for the reset). Hand-written: no library reads these Genesys headers.
 */
export class HeaderPacer {
  private readonly threshold: number;
  private readonly plans = new Map<string, Plan>();

  constructor(private readonly options: HeaderPacerOptions) {
    this.threshold = options.threshold ?? HEADER_PACER_DEFAULTS.threshold;
  }

  observe(family: string, headers: Record<string, unknown> | undefined): void {
    const reading = readRateLimitHeaders(headers);
    if (!reading) return;
    const { allowed, resetSeconds } = reading;
    const remaining = Math.max(0, allowed - reading.count);
    this.options.events.emit({ type: 'rate-limit-headers', family, remaining, allowed, resetSeconds });
    if (remaining >= this.threshold * allowed || resetSeconds <= 0) {
      this.plans.delete(family);
      return;
    }
    const now = Date.now();
    const resetMs = resetSeconds * 1_000;
    const intervalMs = resetMs / (remaining + 1);
    const previous = this.plans.get(family);
    const nextAt = Math.max(previous?.nextAt ?? 0, now + intervalMs);
    this.plans.set(family, { until: now + resetMs, intervalMs, nextAt });
  }

  /** The delay the next call of `family` would get now (without taking a slot). */
  delayFor(family: string): number {
    const plan = this.plans.get(family);
    if (!plan) return 0;
    const now = Date.now();
    return Math.max(0, Math.min(plan.nextAt, plan.until) - now);
  }

  /** Waits for `family`'s next slot while pacing; resolves with the ms waited. */
  async wait(family: string, signal?: AbortSignal): Promise<number> {
    const plan = this.plans.get(family);
    if (!plan) return 0;
    const now = Date.now();
    if (now >= plan.until) {
      this.plans.delete(family);
      return 0;
    }
    const slot = Math.min(Math.max(now, plan.nextAt), plan.until);
    plan.nextAt = slot + plan.intervalMs;
    const waitMs = Math.round(slot - now);
    if (waitMs <= 0) return 0;
    this.options.events.emit({ type: 'rate-limit-wait', family, waitMs, source: 'headers' });
    await sleep(waitMs, signal);
    return waitMs;
  }
}
