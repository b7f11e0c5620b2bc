/** What GET /__admin/deliveries answers. */
export interface DeliverySummary {
  /** Notifications accepted, repeats included. */
  total: number;
  /** Distinct eventIds accepted. */
  unique: number;
  /** total - unique: deliveries of an eventId seen before. */
  duplicates: number;
  /** Effects performed (a repeat of an Idempotency-Key answers the first result and performs none). */
  effects: number;
  /** Effects of an eventId that had had one before: what idempotency keys exist to keep at 0. */
  duplicateEffects: number;
  /** Deliveries per eventId, when asked for. */
  byEventId?: Record<string, number>;
  /** Effects per eventId, when asked for. */
  effectsByEventId?: Record<string, number>;
  /** EventIds no longer remembered (oldest first, past MAX_REMEMBERED_EVENT_IDS); present only when some were. */
  forgotten?: number;
}

/**
 * Distinct eventIds remembered (each up to 256 characters: at most ~60 MB). Past it the oldest is forgotten and
 * counted in `forgotten`, so that a long run cannot grow the notifier without limit, and never silently.
 */
export const MAX_REMEMBERED_EVENT_IDS = 200_000;

/**
 * Every accepted notification, counted by eventId, deliveries and effects apart: the server-side truth that proves
 * (or disproves) that a caller delivers each event's effect exactly once. Held in memory until reset, the oldest
 * eventIds forgotten past the capacity (their deliveries and effects then leave the duplicate counts).
 */
export class DeliveryLog {
  private readonly counts = new Map<string, number>();
  private readonly effectCounts = new Map<string, number>();
  private total = 0;
  private effects = 0;
  private forgotten = 0;
  /** Deliveries and effects of the forgotten eventIds (out of `total` and `effects`, so duplicates stay right). */
  private forgottenDeliveries = 0;
  private forgottenEffects = 0;

  constructor(private readonly capacity = MAX_REMEMBERED_EVENT_IDS) {}

  /** Records one delivery (and its effect, unless it repeated an idempotency key); `duplicate` per eventId. */
  record(eventId: string, effect = true): { duplicate: boolean; deliveries: number; duplicateEffect: boolean } {
    const deliveries = (this.counts.get(eventId) ?? 0) + 1;
    this.counts.set(eventId, deliveries);
    this.total++;
    let duplicateEffect = false;
    if (effect) {
      const effects = (this.effectCounts.get(eventId) ?? 0) + 1;
      this.effectCounts.set(eventId, effects);
      this.effects++;
      duplicateEffect = effects > 1;
    }
    if (this.counts.size > this.capacity) this.forgetOldest();
    return { duplicate: deliveries > 1, deliveries, duplicateEffect };
  }

  private forgetOldest(): void {
    const oldest = this.counts.keys().next().value as string;
    this.forgottenDeliveries += this.counts.get(oldest) ?? 0;
    this.forgottenEffects += this.effectCounts.get(oldest) ?? 0;
    this.counts.delete(oldest);
    this.effectCounts.delete(oldest);
    this.forgotten++;
  }

  summary(withEventIds = false): DeliverySummary {
    const summary: DeliverySummary = {
      total: this.total,
      unique: this.counts.size,
      duplicates: this.total - this.counts.size - this.forgottenDeliveries,
      effects: this.effects,
      duplicateEffects: this.effects - this.effectCounts.size - this.forgottenEffects,
      ...(this.forgotten > 0 ? { forgotten: this.forgotten } : {}),
    };
    if (withEventIds) {
      summary.byEventId = Object.fromEntries(this.counts);
      summary.effectsByEventId = Object.fromEntries(this.effectCounts);
    }
    return summary;
  }

  clear(): void {
    this.counts.clear();
    this.effectCounts.clear();
    this.total = 0;
    this.effects = 0;
    this.forgotten = 0;
    this.forgottenDeliveries = 0;
    this.forgottenEffects = 0;
  }
}
