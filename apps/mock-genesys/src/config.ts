import { httpServerShape } from '@lab/http-edge';
import { envInt as int, listenAddress, logLevel, parseEnv } from '@lab/mock-kit';
import { topology } from '@lab/topology';
import { z } from 'zod';

/** API families: the first path segment after /api/v2. Org-wide budgets are kept per family. */
export const API_FAMILIES = [
  'analytics',
  'conversations',
  'routing',
  'users',
  'notifications',
  'workforcemanagement',
] as const;
export type ApiFamily = (typeof API_FAMILIES)[number];

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

const oauthClient = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Genesys allows 5 minutes to 48 hours per OAuth client; default 24 h. */
  tokenLifetimeSeconds: z.number().int().min(1).max(172_800).default(86_400),
});
export type OAuthClient = z.infer<typeof oauthClient>;

/** Every setting of the mock, read from SERVICE_HOST, SERVICE_PORT and MOCK_* environment variables once at boot. */
export const configSchema = z.object({
  /** Listen address, named as the services name theirs; the port's default is the topology's. */
  ...listenAddress(topology.services['mock-genesys']?.port ?? 0),
  /** Slow-client timeouts (HTTP_*), defaults in @lab/http-edge. */
  ...httpServerShape,
  MOCK_LOG_LEVEL: logLevel.default('info'),
  MOCK_CLIENTS: jsonFrom(z.array(oauthClient).min(1)).default([
    { clientId: 'lab-client', clientSecret: 'lab-secret', tokenLifetimeSeconds: 86_400 },
  ]),
  MOCK_SEED: int(0).default(42),
  MOCK_DATA_QUEUES: int(1, 10_000).default(20),
  MOCK_DATA_USERS: int(1, 100_000).default(100),
  MOCK_DATA_CONVERSATIONS: int(0, 1_000_000).default(2_000),
  /** Conversations start within MOCK_DATA_DAYS days after MOCK_DATA_START (fixed so that a seed gives one data set). */
  MOCK_DATA_START: z.iso.datetime().default('2026-11-01T00:00:00.000Z'),
  MOCK_DATA_DAYS: int(1, 366).default(7),
  MOCK_RATE_WINDOW_SECONDS: int(1, 3_600).default(60),
  MOCK_TOKEN_RATE_LIMIT: int(1).default(300),
  /** Default org-wide budget per API family, shared by every client. */
  MOCK_ORG_RATE_LIMIT: int(1).default(3_000),
  /** Per-family overrides, e.g. {"analytics": 300}. */
  MOCK_ORG_RATE_LIMITS: jsonFrom(z.partialRecord(z.enum(API_FAMILIES), z.number().int().min(1))).default({}),
  MOCK_JOB_DELAY_MS: int(0).default(2_000),
  MOCK_NOTIFICATION_EVENTS_PER_SECOND: z.coerce.number().min(0).max(1_000).default(1),
  MOCK_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(3_600).default(30),
  MOCK_MAX_CHANNELS_PER_CLIENT: int(1).default(20),
  MOCK_FAULT_SEED: int(0).default(1),
  /** When set, /__admin requires header x-mock-admin-token; when unset, only loopback callers. */
  MOCK_ADMIN_TOKEN: z.string().min(8).optional(),
  MOCK_BODY_LIMIT_BYTES: int(1_024).default(1_048_576),
});

export type MockConfig = z.infer<typeof configSchema>;

/** Parses the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): MockConfig {
  return parseEnv(configSchema, env, 'mock-genesys', ['MOCK_']);
}

export function orgLimitFor(config: MockConfig, family: ApiFamily): number {
  return config.MOCK_ORG_RATE_LIMITS[family] ?? config.MOCK_ORG_RATE_LIMIT;
}
