import { resilienceOverridesWithDefaults, serviceConfigShape, topologyDefaults } from '@lab/service-kit';
import { z } from 'zod';

/**
 * A Data Action waits for its fulfillment (Genesys allows 1-60 s per action; flows usually give a few seconds), so
 * the CRM gets 1 s per attempt and 2 attempts: a failing CRM costs at most ~2.2 s before the fallback, and the
 * breaker makes it instant once open. The variable RESILIENCE_OVERRIDES wins key by key.
 */
export const CRM_SYNC_RESILIENCE_DEFAULTS = { crm: { timeoutMs: 1_000, retry: { maxAttempts: 2 } } };

const placed = topologyDefaults('crm-sync');

/** crm-sync's settings: the common service ones plus where the CRM is (its Toxiproxy listener). */
export const crmSyncConfigSchema = z
  .object({
    ...serviceConfigShape,
    SERVICE_PORT: serviceConfigShape.SERVICE_PORT.default(placed.port),
    GENESYS_URL: serviceConfigShape.GENESYS_URL.default(placed.url('GENESYS_URL')),
    RESILIENCE_OVERRIDES: resilienceOverridesWithDefaults(CRM_SYNC_RESILIENCE_DEFAULTS),
    CRM_URL: z.url({ protocol: /^https?$/ }).default(placed.url('CRM_URL')),
    /** The optional conversation lookup gets at most this long: it must never hold up or fail the action. */
    CONVERSATION_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(1).default(800),
    /**
     * The whole CRM lookup's budget (bulkhead queueing, attempts, backoff), below the 3 s a Data Action is given: when
     * it runs out the action answers the stale value or the fallback.
     */
    DATA_ACTION_DEADLINE_MS: z.coerce.number().int().min(1).max(60_000).default(2_500),
    /**
     * The bearer token the Genesys Data Action integration is configured with (its credential); when set, a Data
     * Action without it is a 401. Unset: no check (the plain lab). The mTLS profile sets it (the ingress is open).
     */
    DATA_ACTION_BEARER_TOKEN: z
      .string()
      .regex(/^[\w.~+/=-]{16,512}$/, 'must be 16-512 token characters')
      .optional(),
  })
  .refine((c) => c.REDIS_COMMAND_TIMEOUT_MS < c.CONVERSATION_LOOKUP_TIMEOUT_MS, {
    // The lookup takes the Genesys rate budget from Redis: a Redis command must end within the lookup's budget.
    message: 'must be shorter than CONVERSATION_LOOKUP_TIMEOUT_MS',
    path: ['REDIS_COMMAND_TIMEOUT_MS'],
  });

export type CrmSyncConfig = z.infer<typeof crmSyncConfigSchema>;
