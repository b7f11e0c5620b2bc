import { serviceConfigShape } from '@lab/service-kit';
import { z } from 'zod';

/** crm-sync's settings: the common service ones plus where the CRM is (its Toxiproxy listener). */
export const crmSyncConfigSchema = z.object({
  ...serviceConfigShape,
  SERVICE_PORT: serviceConfigShape.SERVICE_PORT.default(18_102),
  GENESYS_URL: serviceConfigShape.GENESYS_URL.default('http://127.0.0.1:18202'),
  CRM_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:18212'),
  /** The optional conversation lookup gets at most this long: it must never hold up or fail the action. */
  CONVERSATION_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(1).default(800),
});

export type CrmSyncConfig = z.infer<typeof crmSyncConfigSchema>;
