import type { CallResult } from '@lab/resilience';
import { type PullError, pullErrorOf } from './pull-error.js';
import type { ScheduleSnapshot, ScheduleStore } from './schedule-store.js';
import { scheduleWindow, weekIdOf } from './week.js';
import type { BusinessUnit, ScheduleWindow, WfmSource } from './wfm-source.js';

/** What one pull did: `ok` when every call got a fresh answer; otherwise the first error. */
export interface PullSummary {
  ok: boolean;
  businessUnits: number;
  /** Business units whose schedule this pull replaced. */
  refreshed: number;
  error?: PullError;
}

export interface SchedulePullOptions {
  source: WfmSource;
  store: ScheduleStore;
  daysAhead: number;
  now?: () => Date;
}

/**
 * One pull of the WFM schedules: the business units, then for each (in parallel, within the genesys bulkhead)
 * this week's schedules and the agent schedules of the next days. A business unit's schedule is replaced only
 * when both its answers are fresh; an answer the policies gave instead of Genesys (stale cache, fallback) or no
 * answer at all leaves the previous schedule in place, marked stale. Only a pull whose calls were all fresh is ok.
 */
export function createSchedulePull({ source, store, daysAhead, now = () => new Date() }: SchedulePullOptions) {
  return async (signal: AbortSignal): Promise<PullSummary> => {
    const startedAt = now();
    const weekId = weekIdOf(startedAt);
    const window = scheduleWindow(startedAt, daysAhead);

    let listing: CallResult<BusinessUnit[]>;
    try {
      listing = await source.businessUnits(signal);
    } catch (error) {
      const failure = pullErrorOf('get_wfm_business_units', error, now(), abortReason(signal));
      store.markAllFailed(failure);
      return { ok: false, businessUnits: 0, refreshed: 0, error: failure };
    }
    const units = listing.value.filter((bu): bu is BusinessUnit & { id: string } => typeof bu.id === 'string');
    const listingError = notAnswered('get_wfm_business_units', listing, now);
    if (!listingError) store.retain(units.map((bu) => bu.id));

    const errors = await Promise.all(
      units.map((unit) => pullUnit({ source, store, now }, unit, weekId, window, startedAt, signal)),
    );
    const error = listingError ?? errors.find((e) => e !== undefined);
    return {
      ok: error === undefined,
      businessUnits: units.length,
      refreshed: errors.filter((e) => e === undefined).length,
      ...(error ? { error } : {}),
    };
  };
}

/** Why a call failed when the pull itself was stopped: its deadline, or shutdown. */
function abortReason(signal: AbortSignal): string | undefined {
  if (!signal.aborted) return undefined;
  return (signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'pull-timeout' : 'aborted';
}

/**
 * Why Genesys did not give this answer, or undefined when it did (now, or within the cache's TTL): a stale value
 * or the fallback answered for it, and `lastError` says why.
 */
function notAnswered<T>(call: string, result: CallResult<T>, now: () => Date): PullError | undefined {
  if (result.source === 'fresh' || result.source === 'cache') return undefined;
  return pullErrorOf(call, result.lastError, now());
}

/** A fresh value, or why there is none. */
type Fresh<T> = { value: T; error?: undefined } | { value?: undefined; error: PullError };

/** Pulls one business unit; stores its schedule, or marks it stale. Resolves with its error, if any. */
async function pullUnit(
  { source, store, now }: { source: WfmSource; store: ScheduleStore; now: () => Date },
  businessUnit: BusinessUnit & { id: string },
  weekId: string,
  window: ScheduleWindow,
  startedAt: Date,
  signal: AbortSignal,
): Promise<PullError | undefined> {
  const id = businessUnit.id;
  const fresh = <T>(call: string, answer: Promise<CallResult<T>>): Promise<Fresh<T>> =>
    answer.then(
      (a): Fresh<T> => {
        const error = notAnswered(call, a, now);
        return error ? { error } : { value: a.value };
      },
      (error: unknown) => ({ error: pullErrorOf(call, error, now(), abortReason(signal)) }),
    );
  const [week, agents] = await Promise.all([
    fresh('get_week_schedules', source.weekSchedules(id, weekId, signal)),
    fresh('search_agent_schedules', source.agentSchedules(id, window, signal)),
  ]);
  if (week.error !== undefined || agents.error !== undefined) {
    const failure = (week.error ?? agents.error) as PullError;
    store.markFailed(id, failure);
    return failure;
  }
  const search = agents.value;
  if (search.status !== 'Complete' || !search.result) {
    // The platform may answer a large search asynchronously (a download URL later); this service does not follow.
    const incomplete = pullErrorOf(
      'search_agent_schedules',
      `search answered ${search.status ?? 'no status'}`,
      now(),
      'incomplete',
    );
    store.markFailed(id, incomplete);
    return incomplete;
  }
  const snapshot: ScheduleSnapshot = {
    businessUnit,
    weekId,
    window,
    schedules: week.value,
    agentSchedules: search.result.agentSchedules ?? [],
    pulledAt: startedAt.toISOString(),
  };
  store.update(snapshot);
  return undefined;
}
