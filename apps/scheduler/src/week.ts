const DAY_MS = 86_400_000;

/**
 * The WFM week id of `now`: the Monday of its week, YYYY-MM-DD, in UTC (the lab's business units are in UTC).
 * Sunday belongs to the week that started six days before.
 */
export function weekIdOf(now: Date): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS).toISOString().slice(0, 10);
}

/** The agent-schedule search window: from today's UTC midnight for `days` days, as ISO-8601 date-times. */
export function scheduleWindow(now: Date, days: number): { startDate: string; endDate: string } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    startDate: new Date(midnight).toISOString(),
    endDate: new Date(midnight + days * DAY_MS).toISOString(),
  };
}
