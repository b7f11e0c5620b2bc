/** What GET /__admin/deliveries answers. */
export interface DeliverySummary {
  /** Notifications accepted, duplicates included. */
  total: number;
  /** Distinct eventIds accepted. */
  unique: number;
  /** total - unique: deliveries of an eventId seen before. */
  duplicates: number;
  /** Deliveries per eventId, when asked for. */
  byEventId?: Record<string, number>;
}

/**
 * Every accepted notification, counted by eventId: the server-side truth that proves (or disproves) that a caller
 * delivers each event exactly once. Held in memory until reset.
 */
export class DeliveryLog {
  private readonly counts = new Map<string, number>();
  private total = 0;

  /** Records one delivery; `duplicate` when this eventId was delivered before. */
  record(eventId: string): { duplicate: boolean; deliveries: number } {
    const deliveries = (this.counts.get(eventId) ?? 0) + 1;
    this.counts.set(eventId, deliveries);
    this.total++;
    return { duplicate: deliveries > 1, deliveries };
  }

  summary(withEventIds = false): DeliverySummary {
    const summary: DeliverySummary = {
      total: this.total,
      unique: this.counts.size,
      duplicates: this.total - this.counts.size,
    };
    if (withEventIds) summary.byEventId = Object.fromEntries(this.counts);
    return summary;
  }

  clear(): void {
    this.counts.clear();
    this.total = 0;
  }
}
