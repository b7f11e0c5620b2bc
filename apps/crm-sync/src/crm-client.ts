import { HttpStatusError } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';

export interface CrmCustomer {
  contactId: string;
  name: string;
  tier: string;
  lastActionType: string;
}

/** The caller's answer source, `fresh` named `crm` in the Data Action's answer: crm, fresh from the CRM; cache, a
 * recent answer (no call made); stale, the last good answer, the CRM failing; fallback, the CRM failing and nothing
 * cached. */
export type CustomerSource = 'crm' | 'cache' | 'stale' | 'fallback';
export type CustomerLookup = { customer: CrmCustomer; source: CustomerSource };

/** The answer when the CRM cannot be reached and no earlier answer is cached: the flow can still go on. */
export const FALLBACK_CUSTOMER = { name: 'Valued Customer', tier: 'standard', lastActionType: 'unknown' } as const;

/**
 * Reads a customer from the CRM through the "crm" caller: breaker, retry (Retry-After honoured), timeout, the
 * last good answer per contact when the CRM fails or `deadlineMs` runs out (stale-if-error), else the fallback
 * customer. A 404 from the
 * CRM is not a failure: it propagates as HttpStatusError(404).
 */
export async function lookupCustomer(
  ctx: ServiceContext,
  crmUrl: string,
  contactId: string,
  deadlineMs?: number,
): Promise<CustomerLookup> {
  const { value: customer, source } = await ctx.caller('crm').call(
    async (signal) => {
      const response = await ctx.internalFetch(`${crmUrl}/api/customers/${encodeURIComponent(contactId)}`, { signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpStatusError(
          response.status,
          `CRM answered ${response.status}`,
          Object.fromEntries(response.headers),
        );
      }
      return (await response.json()) as CrmCustomer;
    },
    { cacheKey: `customer:${contactId}`, fallback: () => ({ contactId, ...FALLBACK_CUSTOMER }), deadlineMs },
  );
  return { customer, source: source === 'fresh' ? 'crm' : source };
}
