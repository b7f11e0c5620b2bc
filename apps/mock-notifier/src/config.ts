import { httpServerShape, tlsShape } from '@lab/http-edge';
import { envInt as int, listenAddress, logLevel, parseEnv } from '@lab/mock-kit';
import { topology } from '@lab/topology';
import { z } from 'zod';

/** Every setting of the mock notifier, read from SERVICE_HOST, SERVICE_PORT and NOTIFIER_* environment variables once at boot. */
export const configSchema = z.object({
  /** Listen address, named as the services name theirs; the port's default is the topology's. */
  ...listenAddress(topology.services['mock-notifier']?.port ?? 0),
  /** Slow-client timeouts (HTTP_*), defaults in @lab/http-edge. */
  ...httpServerShape,
  /** The lab's mTLS contract (TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE): when set, HTTPS for lab certificates only. */
  ...tlsShape,
  NOTIFIER_LOG_LEVEL: logLevel.default('info'),
  /** Seed of the fault draws (error rate, slow), so that a run repeats exactly. */
  NOTIFIER_FAULT_SEED: int(0).default(1),
  /** When set, /__admin requires header x-mock-admin-token; when unset, only loopback callers. */
  NOTIFIER_ADMIN_TOKEN: z.string().min(8).optional(),
  /** Larger request bodies answer 413. */
  NOTIFIER_BODY_LIMIT_BYTES: int(1_024).default(1_048_576),
});

export type NotifierConfig = z.infer<typeof configSchema>;

/** Parses the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return parseEnv(configSchema, env, 'mock-notifier', ['NOTIFIER_']);
}
