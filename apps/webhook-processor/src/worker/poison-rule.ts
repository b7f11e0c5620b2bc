/**
 * When an entry whose deliveries are given back (an outage, not the entry) is nevertheless the problem: a poison
 * entry whose own attempts keep failing, and so keep re-opening the notifier's breaker, would otherwise be retried
 * forever, since breaker rejections and failures under an open breaker do not use up deliveries.
 *
 * The two look alike one attempt at a time (the half-open probe is one entry's real attempt, and an outage fails
 * every entry's probe too). They differ in what happens between an entry's attempts: while the notifier is down
 * nobody is delivered, while an entry is poison the others are. So a real failed attempt (one that reached the
 * dependency, not a rejection by our own policies) is *counted* against the entry only when another entry was
 * delivered since the entry's previous real failure (for its first, since it was queued). An outage adds at most
 * one counted failure per recovery; a poison entry one per attempt. Bounds:
 * - `maxCountedFailures` counted failures: dead-lettered ("poison");
 * - `maxAgeMs`: an entry that has really failed at least once and is older than this is dead-lettered ("too old"),
 *   also when it fails alone (nothing else delivered to compare with). An outage longer than this dead-letters
 *   what it keeps failing: the bound is far beyond any outage the lab expects (default 24 h).
 * Pure: the worker keeps the record in Redis.
 */
export interface PoisonRule {
  maxCountedFailures: number;
  maxAgeMs: number;
}

/** One entry's real failed attempts so far. */
export interface FailureRecord {
  /** Real failed attempts that came after another entry's delivery. */
  counted: number;
  /** Every real failed attempt. */
  total: number;
  /** When the entry last really failed (epoch ms). */
  lastFailedAt: number;
}

export interface FailureContext {
  now: number;
  /** When the entry entered the stream (epoch ms; the stream id's time). */
  queuedAt: number;
  /** When any entry was last delivered (epoch ms), if known. */
  lastDeliveryAt: number | undefined;
}

/** The record after one more real failed attempt. */
export function recordRealFailure(previous: FailureRecord | undefined, at: FailureContext): FailureRecord {
  const since = previous?.lastFailedAt ?? at.queuedAt;
  const othersDelivered = at.lastDeliveryAt !== undefined && at.lastDeliveryAt > since;
  return {
    counted: (previous?.counted ?? 0) + (othersDelivered ? 1 : 0),
    total: (previous?.total ?? 0) + 1,
    lastFailedAt: at.now,
  };
}

/** Why the entry goes to the dead-letter stream now, or undefined: retry it later. */
export function poisonReason(record: FailureRecord, at: FailureContext, rule: PoisonRule): string | undefined {
  if (record.counted >= rule.maxCountedFailures) {
    return `poison: ${record.counted} real attempts failed while other entries were delivered`;
  }
  if (at.now - at.queuedAt > rule.maxAgeMs) {
    return `too old: still failing ${Math.round((at.now - at.queuedAt) / 1_000)} s after it was queued (${record.total} real attempts)`;
  }
  return undefined;
}

/** The time part of a stream entry id (`<ms>-<seq>`), or undefined for a malformed id. */
export function queuedAtOf(entryId: string): number | undefined {
  const ms = Number(entryId.split('-')[0]);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Parses a stored FailureRecord; anything else is no record. */
export function parseFailureRecord(text: string | null | undefined): FailureRecord | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<FailureRecord>;
    if (
      typeof value.counted === 'number' &&
      typeof value.total === 'number' &&
      typeof value.lastFailedAt === 'number'
    ) {
      return { counted: value.counted, total: value.total, lastFailedAt: value.lastFailedAt };
    }
  } catch {
    // not a record
  }
  return undefined;
}
