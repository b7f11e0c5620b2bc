import type { PullError } from './pull-error.js';
import type { AgentScheduleSearch, BusinessUnit, ScheduleWindow, WeekSchedule } from './wfm-source.js';

/** One business unit's schedule as the last good pull saw it. */
export interface ScheduleSnapshot {
  businessUnit: BusinessUnit & { id: string };
  weekId: string;
  window: ScheduleWindow;
  schedules: WeekSchedule[];
  agentSchedules: NonNullable<NonNullable<AgentScheduleSearch['result']>['agentSchedules']>;
  /** When the pull that got it started, ISO-8601. */
  pulledAt: string;
}

/** What /schedules/current serves for one business unit. */
export interface ServedSchedule {
  snapshot: ScheduleSnapshot;
  /** The latest pull could not refresh it: this is the previous good one. */
  stale: boolean;
  lastError?: PullError;
}

interface Entry {
  snapshot?: ScheduleSnapshot;
  stale: boolean;
  lastError?: PullError;
}

/**
 * The last good schedule of each business unit, and whether the latest pull refreshed it. A failed pull never
 * replaces a good schedule: it only marks it stale, with the error. In memory, per process; the replicas share their
 * good snapshots through `onUpdate` (SharedSchedules), and the route serves the newer of both.
 */
export class ScheduleStore {
  private readonly units = new Map<string, Entry>();

  /** `onUpdate` hears every good snapshot (the replicas share them: SharedSchedules). */
  constructor(private readonly onUpdate?: (snapshot: ScheduleSnapshot) => void) {}
  /** The error of the latest pull that failed before reaching any business unit. */
  private pullError: PullError | undefined;

  update(snapshot: ScheduleSnapshot): void {
    this.units.set(snapshot.businessUnit.id, { snapshot, stale: false });
    this.pullError = undefined;
    this.onUpdate?.(snapshot);
  }

  markFailed(businessUnitId: string, error: PullError): void {
    const entry = this.units.get(businessUnitId) ?? { stale: false };
    this.units.set(businessUnitId, { ...entry, stale: entry.snapshot !== undefined, lastError: error });
  }

  /** The pull failed as a whole (no business unit listed, or aborted): every schedule is now stale. */
  markAllFailed(error: PullError): void {
    this.pullError = error;
    for (const id of this.units.keys()) this.markFailed(id, error);
  }

  /** Forgets business units that a fresh listing no longer has. */
  retain(businessUnitIds: readonly string[]): void {
    const keep = new Set(businessUnitIds);
    for (const id of [...this.units.keys()]) if (!keep.has(id)) this.units.delete(id);
  }

  /** The business units already pulled once (the listing's fallback). */
  businessUnits(): BusinessUnit[] {
    return [...this.units.values()].flatMap((e) => (e.snapshot ? [e.snapshot.businessUnit] : []));
  }

  /** The schedule of `businessUnitId` (default: the first one pulled); undefined if none was ever pulled. */
  current(businessUnitId?: string): ServedSchedule | undefined {
    const entry =
      businessUnitId === undefined ? [...this.units.values()].find((e) => e.snapshot) : this.units.get(businessUnitId);
    if (!entry?.snapshot) return undefined;
    return {
      snapshot: entry.snapshot,
      stale: entry.stale,
      ...(entry.stale && entry.lastError ? { lastError: entry.lastError } : {}),
    };
  }

  /** Why nothing (or not this unit) can be served yet: the latest error seen, if any. */
  lastError(businessUnitId?: string): PullError | undefined {
    const entry =
      businessUnitId === undefined ? [...this.units.values()].find((e) => e.lastError) : this.units.get(businessUnitId);
    return entry?.lastError ?? this.pullError;
  }

  knows(businessUnitId: string): boolean {
    return this.units.has(businessUnitId);
  }

  /** True while any schedule served is a previous good one. */
  servingStale(): boolean {
    return [...this.units.values()].some((e) => e.snapshot && e.stale);
  }

  /** Seconds since each served schedule was pulled. */
  ages(nowMs: number): { businessUnitId: string; seconds: number }[] {
    return [...this.units.entries()].flatMap(([businessUnitId, e]) =>
      e.snapshot ? [{ businessUnitId, seconds: Math.max(0, (nowMs - Date.parse(e.snapshot.pulledAt)) / 1_000) }] : [],
    );
  }
}
