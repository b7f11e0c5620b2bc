import type { GenesysResponse } from '@lab/genesys-client';
import type { CallResult } from '@lab/resilience';
import { callGenesys, type ServiceContext } from '@lab/service-kit';

type Genesys = ServiceContext['genesys'];
type BodyOf<M extends keyof Genesys> = Awaited<ReturnType<Genesys[M]>>['body'];
export type BusinessUnit = NonNullable<BodyOf<'getWfmBusinessUnits'>['entities']>[number];
export type WeekSchedule = NonNullable<BodyOf<'getWeekSchedules'>['entities']>[number];
export type AgentScheduleSearch = BodyOf<'searchAgentSchedules'>;
export type ScheduleWindow = { startDate: string; endDate: string };

/**
 * The WFM reads of a pull, each with where its answer came from (the caller's `source`: Genesys now, the cache,
 * or, Genesys failing, the last good value or the fallback, with `lastError`). Each rejects when there is no
 * answer at all (nothing cached, no fallback).
 */
export interface WfmSource {
  businessUnits(signal: AbortSignal): Promise<CallResult<BusinessUnit[]>>;
  weekSchedules(businessUnitId: string, weekId: string, signal: AbortSignal): Promise<CallResult<WeekSchedule[]>>;
  agentSchedules(
    businessUnitId: string,
    window: ScheduleWindow,
    signal: AbortSignal,
  ): Promise<CallResult<AgentScheduleSearch>>;
}

const FAMILY = 'workforcemanagement';

/**
 * The WFM reads through `callGenesys`: each traced, under the org budget for the workforcemanagement family,
 * and inside the genesys caller's bulkhead, breaker, retry and timeout, with its own cache key (stale-if-error).
 * `knownUnits` is the fallback of the business-unit listing: the units already pulled, so that a failing listing
 * does not stop their schedules from being refreshed.
 */
export function createWfmSource(ctx: ServiceContext, knownUnits: () => BusinessUnit[]): WfmSource {
  const answer = <T>(
    name: string,
    cacheKey: string,
    signal: AbortSignal,
    request: (signal: AbortSignal) => Promise<GenesysResponse<T>>,
    fallback?: () => T,
  ): Promise<CallResult<T>> =>
    callGenesys<T>(
      ctx,
      { name: `genesys.${name}`, family: FAMILY, cacheKey, signal, ...(fallback ? { fallback } : {}) },
      request,
    );

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
