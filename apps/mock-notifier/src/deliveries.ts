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
  /** EventIds no longer remembered (oldest first, past MAX_REMEMBERED_EVENT_IDS); present only when some were. */
  forgotten?: number;
}

/**
 * Distinct eventIds remembered (each up to 256 characters: at most ~60 MB). Past it the oldest is forgotten and
 * counted in `forgotten`, so that a long run cannot grow the notifier without limit, and never silently.
 */
export const MAX_REMEMBERED_EVENT_IDS = 200_000;

/**
 * Every accepted notification, counted by eventId: the server-side truth that proves (or disproves) that a caller
 * delivers each event exactly once. Held in memory until reset.
 */
export class DeliveryLog {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private forgotten = 0;
  /** Deliveries of the forgotten eventIds (out of `total`, so that `duplicates` stays right). */
  private forgottenDeliveries = 0;

  constructor(private readonly capacity = MAX_REMEMBERED_EVENT_IDS) {}

  /** Records one delivery; `duplicate` when this eventId was delivered before. */
  record(eventId: string): { duplicate: boolean; deliveries: number } {
    const deliveries = (this.counts.get(eventId) ?? 0) + 1;
    this.counts.set(eventId, deliveries);
    this.total++;
    if (this.counts.size > this.capacity) {
      const oldest = this.counts.keys().next().value as string;
      this.forgottenDeliveries += this.counts.get(oldest) ?? 0;
      this.counts.delete(oldest);
      this.forgotten++;
    }
    return { duplicate: deliveries > 1, deliveries };
  }

  summary(withEventIds = false): DeliverySummary {
    const summary: DeliverySummary = {
      total: this.total,
      unique: this.counts.size,
      duplicates: this.total - this.counts.size - this.forgottenDeliveries,
      ...(this.forgotten > 0 ? { forgotten: this.forgotten } : {}),
    };
    if (withEventIds) summary.byEventId = Object.fromEntries(this.counts);
    return summary;
  }

  clear(): void {
    this.counts.clear();
    this.total = 0;
    this.forgotten = 0;
    this.forgottenDeliveries = 0;
  }
}
