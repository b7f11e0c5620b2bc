import type { GenesysResponse } from '@lab/genesys-client';
import { callGenesys, type ServiceContext } from '@lab/service-kit';
import { type PullError, pullErrorOf } from './pull-error.js';

type Genesys = ServiceContext['genesys'];
type BodyOf<M extends keyof Genesys> = Awaited<ReturnType<Genesys[M]>>['body'];
export type BusinessUnit = NonNullable<BodyOf<'getWfmBusinessUnits'>['entities']>[number];
export type WeekSchedule = NonNullable<BodyOf<'getWeekSchedules'>['entities']>[number];
export type AgentScheduleSearch = BodyOf<'searchAgentSchedules'>;
export type ScheduleWindow = { startDate: string; endDate: string };

/**
 * One call's answer: `fresh` when Genesys answered it now; otherwise the policies answered for Genesys (the last
 * good value from the stale-if-error cache, or the fallback) and `error` says why Genesys did not.
 */
export type Answer<T> = { value: T; fresh: true } | { value: T; fresh: false; error: PullError };

/** The WFM reads of a pull. Each rejects when there is no answer at all (nothing cached, no fallback). */
export interface WfmSource {
  businessUnits(signal: AbortSignal): Promise<Answer<BusinessUnit[]>>;
  weekSchedules(businessUnitId: string, weekId: string, signal: AbortSignal): Promise<Answer<WeekSchedule[]>>;
  agentSchedules(
    businessUnitId: string,
    window: ScheduleWindow,
    signal: AbortSignal,
  ): Promise<Answer<AgentScheduleSearch>>;
}

const FAMILY = 'workforcemanagement';

/**
 * The WFM reads through `callGenesys`: each traced, under the org budget for the workforcemanagement family,
 * and inside the genesys caller's bulkhead, breaker, retry and timeout, with its own cache key (stale-if-error).
 * `knownUnits` is the fallback of the business-unit listing: the units already pulled, so that a failing listing
 * does not stop their schedules from being refreshed.
 */
export function createWfmSource(ctx: ServiceContext, knownUnits: () => BusinessUnit[]): WfmSource {
  async function answer<T>(
    name: string,
    cacheKey: string,
    signal: AbortSignal,
    request: (signal: AbortSignal) => Promise<GenesysResponse<T>>,
    fallback?: () => T,
  ): Promise<Answer<T>> {
    let fresh = false;
    let lastError: unknown;
    const value = await callGenesys<T>(
      ctx,
      { name: `genesys.${name}`, family: FAMILY, cacheKey, signal, ...(fallback ? { fallback } : {}) },
      async (attemptSignal) => {
        try {
          const response = await request(attemptSignal);
          fresh = true;
          return response;
        } catch (error) {
          lastError = error;
          throw error;
        }
      },
    );
    if (fresh) return { value, fresh: true };
    const error = lastError ?? new Error('no call made: refused by a policy (breaker open, bulkhead full, no budget)');
    return { value, fresh: false, error: pullErrorOf(name, error, new Date(), lastError ? undefined : 'rejected') };
  }

  return {
    businessUnits: async (signal) => {
      const known = knownUnits();
      const listing = await answer(
        'get_wfm_business_units',
        'wfm:business-units',
        signal,
        (s) => ctx.genesys.getWfmBusinessUnits({ signal: s }),
        known.length > 0 ? () => ({ entities: known }) : undefined,
      );
      return { ...listing, value: listing.value.entities ?? [] };
    },
    weekSchedules: async (businessUnitId, weekId, signal) => {
      const listing = await answer(
        'get_week_schedules',
        `wfm:week-schedules:${businessUnitId}:${weekId}`,
        signal,
        (s) => ctx.genesys.getWeekSchedules(businessUnitId, weekId, { signal: s }),
      );
      return { ...listing, value: listing.value.entities ?? [] };
    },
    agentSchedules: (businessUnitId, window, signal) =>
      answer(
        'search_agent_schedules',
        `wfm:agent-schedules:${businessUnitId}:${window.startDate}:${window.endDate}`,
        signal,
        (s) => ctx.genesys.searchAgentSchedules(businessUnitId, window, { signal: s }),
      ),
  };
}
