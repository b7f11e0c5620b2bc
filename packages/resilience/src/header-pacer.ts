import { sleep } from '@lab/async';
import type { EventOf, ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface HeaderPacerOptions {
  /** The pacer reads the `rate-limit-headers` events the Genesys client emits here. */
  events: ResilienceEvents;
  /** Pacing starts when remaining / allowed falls below this share (default: the schema's rateLimit.headerThreshold). */
  threshold?: number;
}

interface Plan {
  /** When the platform's window resets (epoch ms): pacing ends. */
  until: number;
  /** Spacing between calls so the remaining budget lasts until `until`. */
  intervalMs: number;
  /** The next free slot (epoch ms). */
  nextAt: number;
}

/** What the platform said about one family's budget: the `rate-limit-headers` event. */
export type RateLimitReading = Omit<EventOf<'rate-limit-headers'>, 'type'>;

/**
 * Slows down before the platform says 429. It reads the `rate-limit-headers` events on its bus (the Genesys
 * client parses the `inin-ratelimit-*` headers of every answer and emits them there, once); once remaining falls
 * below `threshold` x allowed, the next calls of that family (`wait`) are spaced by reset / (remaining + 1), so the
 * rest of the budget spreads over the time left in the window (remaining 0: wait for the reset). Hand-written: no
 * library paces on these Genesys headers.
 */
export class HeaderPacer {
  private readonly plans = new Map<string, Plan>();
  private readonly threshold: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: HeaderPacerOptions) {
    this.threshold = options.threshold ?? resilienceDefaults.rateLimit.headerThreshold;
    this.unsubscribe = options.events.on((event) => {
      if (event.type === 'rate-limit-headers') this.observe(event);
    });
  }

  /** Stops reading the bus. */
  close(): void {
    this.unsubscribe();
  }

  observe({ family, remaining, allowed, resetSeconds }: RateLimitReading): void {
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
