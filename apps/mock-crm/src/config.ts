import { httpServerShape, tlsShape } from '@lab/http-edge';
import { envInt as int, listenAddress, logLevel, parseEnv } from '@lab/mock-kit';
import { topology } from '@lab/topology';
import { z } from 'zod';

/** Every setting of the mock CRM, read from SERVICE_HOST, SERVICE_PORT and CRM_* environment variables once at boot. */
export const configSchema = z.object({
  /** Listen address, named as the services name theirs; the port's default is the topology's. */
  ...listenAddress(topology.services['mock-crm']?.port ?? 0),
  /** Slow-client timeouts (HTTP_*), defaults in @lab/http-edge. */
  ...httpServerShape,
  /** The lab's mTLS contract (TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE): when set, HTTPS for lab certificates only. */
  ...tlsShape,
  CRM_LOG_LEVEL: logLevel.default('info'),
  /** Seed of the customer records: the same contactId gives the same customer for a seed. */
  CRM_SEED: int(0).default(42),
  /** Seed of the fault draws (error rate, slow), so that a run repeats exactly. */
  CRM_FAULT_SEED: int(0).default(1),
  /** When set, /__admin requires header x-mock-admin-token; when unset, only loopback callers. */
  CRM_ADMIN_TOKEN: z.string().min(8).optional(),
});

export type CrmConfig = z.infer<typeof configSchema>;

/**
 * Parses the environment; a bad value stops start-up with a message naming the variable. MOCK_CRM_FAULT_SEED is
 * accepted as another name for CRM_FAULT_SEED.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CrmConfig {
  const aliased =
    env.CRM_FAULT_SEED === undefined && env.MOCK_CRM_FAULT_SEED !== undefined
      ? { ...env, CRM_FAULT_SEED: env.MOCK_CRM_FAULT_SEED }
      : env;
  return parseEnv(configSchema, aliased, 'mock-crm', ['CRM_']);
}
