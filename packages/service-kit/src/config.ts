import { httpServerShape, tlsShape } from '@lab/http-edge';
import { type RedisConfig, redisConfigSchema, resilienceConfigSchema } from '@lab/resilience';
import { topology } from '@lab/topology';
import { z } from 'zod';
import { TOPOLOGY_REDIS_URL } from './topology-defaults.js';

const jsonFrom = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const url = () => z.url({ protocol: /^(https?|rediss?)$/ });

/**
 * Settings every lab service has. Each app extends this shape with its own variables and parses once at boot
 * with `loadConfig`. Defaults come from the native lab's topology (@lab/topology); the runner sets them anyway.
 */
export const serviceConfigShape = {
  SERVICE_HOST: z.string().default(topology.host),
  SERVICE_PORT: z.coerce.number().int().min(0).max(65_535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The service's own Toxiproxy listener in front of the Genesys API; real Genesys Cloud: https://api.<region>. */
  GENESYS_URL: url(),
  /**
   * Where the OAuth token request goes, and nothing else; real Genesys Cloud: https://login.<region>. Unset: the
   * same as GENESYS_URL, as the mock serves both (`genesysLoginUrlOf`).
   */
  GENESYS_LOGIN_URL: z.url({ protocol: /^https?$/ }).optional(),
  GENESYS_CLIENT_ID: z.string().min(1).default('lab-client'),
  GENESYS_CLIENT_SECRET: z.string().min(1).default('lab-secret'),
  REDIS_URL: url().default(TOPOLOGY_REDIS_URL),
  /** Each Redis command's deadline; a connection silent that long is dropped as hung (@lab/resilience's redisConfigSchema). */
  REDIS_COMMAND_TIMEOUT_MS: redisConfigSchema.shape.commandTimeoutMs,
  REDIS_CONNECT_TIMEOUT_MS: redisConfigSchema.shape.connectTimeoutMs,
  REDIS_RECONNECT_STEP_MS: redisConfigSchema.shape.reconnectStepMs,
  REDIS_RECONNECT_MAX_MS: redisConfigSchema.shape.reconnectMaxMs,
  /** resilient: every policy; naive: plain calls with the SDK's timeout, to compare. */
  RESILIENCE_MODE: z.enum(['resilient', 'naive']).default('resilient'),
  /**
   * Per-dependency policy settings, e.g. {"crm": {"timeoutMs": 1000}}, parsed here, once, with the resilience
   * schema (which fills in every default); a dependency not named gets the schema's defaults (`resilienceFor`).
   */
  RESILIENCE_OVERRIDES: jsonFrom(z.record(z.string(), resilienceConfigSchema)).default({}),
  /** Names this process among replicas of the service (shared breaker messages, logs). */
  REPLICA_ID: z.string().min(1).optional(),
  /** Slow-client bounds of the HTTP server (header, request, keep-alive, idle timeouts): @lab/http-edge. */
  ...httpServerShape,
  /**
   * The lab's mTLS contract (@lab/http-edge `tlsShape`), given by `LAB_MTLS=1 npm run lab`: the main port is HTTPS
   * for lab certificates only, internal calls (`ctx.internalFetch`) present this certificate and check the server's
   * against the lab CA, and a rediss:// REDIS_URL connects with it too. Unset: plain HTTP and redis://.
   */
  ...tlsShape,
};

export const serviceConfigSchema = z.object(serviceConfigShape);
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

/** The Redis connection's settings out of a service's config, checked as the resilience schema checks them. */
export function redisSettingsOf(config: ServiceConfig): RedisConfig {
  return redisConfigSchema.parse({
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
    reconnectStepMs: config.REDIS_RECONNECT_STEP_MS,
    reconnectMaxMs: config.REDIS_RECONNECT_MAX_MS,
  });
}

/** The token request's URL: GENESYS_LOGIN_URL, or GENESYS_URL when it is unset. */
export function genesysLoginUrlOf(config: Pick<ServiceConfig, 'GENESYS_URL' | 'GENESYS_LOGIN_URL'>): string {
  return config.GENESYS_LOGIN_URL ?? config.GENESYS_URL;
}

/** Parses the environment with `schema`; a bad value throws a message that names each variable. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`invalid configuration:\n${lines.join('\n')}`);
}
