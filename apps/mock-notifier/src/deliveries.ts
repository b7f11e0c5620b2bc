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
}

/**
 * Every accepted notification, counted by eventId, deliveries and effects apart: the server-side truth that proves
 * (or disproves) that a caller delivers each event's effect exactly once. Held in memory until reset.
 */
export class DeliveryLog {
  private readonly counts = new Map<string, number>();
  private readonly effectCounts = new Map<string, number>();
  private total = 0;
  private effects = 0;

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
    return { duplicate: deliveries > 1, deliveries, duplicateEffect };
  }

  summary(withEventIds = false): DeliverySummary {
    const summary: DeliverySummary = {
      total: this.total,
      unique: this.counts.size,
      duplicates: this.total - this.counts.size,
      effects: this.effects,
      duplicateEffects: this.effects - this.effectCounts.size,
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
  }
}
