import { httpServerShape } from '@lab/http-edge';
import { envInt as int, listenAddress, logLevel, parseEnv } from '@lab/mock-kit';
import { genesysClients, topology } from '@lab/topology';
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
  /**
   * The OAuth clients it knows: lab-client (the lab's own tools, tests and k6) and one per service, from the
   * topology (so the per-client metrics and request log tell the services apart; the org budget spans them all).
   */
  MOCK_CLIENTS: jsonFrom(z.array(oauthClient).min(1)).default([
    { clientId: 'lab-client', clientSecret: 'lab-secret', tokenLifetimeSeconds: 86_400 },
    ...genesysClients(topology).map(({ clientId, clientSecret }) => ({
      clientId,
      clientSecret,
      tokenLifetimeSeconds: 86_400,
    })),
  ]),
  MOCK_SEED: int(0).default(42),
  MOCK_DATA_QUEUES: int(1, 10_000).default(20),
  MOCK_DATA_USERS: int(1, 100_000).default(100),
  MOCK_DATA_CONVERSATIONS: int(0, 1_000_000).default(2_000),
  /**
   * Conversations start within MOCK_DATA_DAYS days after MOCK_DATA_START. Unset (the default): the window is the
   * MOCK_DATA_DAYS days before the UTC day the mock starts on (see dataWindow), so the data moves with the clock and
   * the same seed on the same day is the same data set. Set it for runs that must match byte for byte; empty = unset.
   */
  MOCK_DATA_START: z.preprocess((v) => (v === '' ? undefined : v), z.iso.datetime().optional()),
  MOCK_DATA_DAYS: int(1, 366).default(7),
  /**
   * Live conversations started per minute while the mock runs, on average over a UTC day (the daily curve moves
   * it between 0.4x at 02:00 and 1.6x at 14:00); seeded per minute by MOCK_SEED. 0 turns live traffic off.
   */
  MOCK_LIVE_RATE: z.coerce.number().min(0).max(6_000).default(1),
  MOCK_RATE_WINDOW_SECONDS: int(1, 3_600).default(60),
  MOCK_TOKEN_RATE_LIMIT: int(1).default(300),
  /** Default org-wide budget per API family, shared by every client. */
  MOCK_ORG_RATE_LIMIT: int(1).default(3_000),
  /** Per-family overrides, e.g. {"analytics": 300}. */
  MOCK_ORG_RATE_LIMITS: jsonFrom(z.partialRecord(z.enum(API_FAMILIES), z.number().int().min(1))).default({}),
  MOCK_JOB_DELAY_MS: int(0).default(2_000),
  /** A job results cursor is honoured this long after the page that issued it (then 400 naming cursor). */
  MOCK_JOB_CURSOR_TTL_SECONDS: int(1, 172_800).default(3_600),
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

const DAY_MS = 86_400_000;

/**
 * The data set's window, epoch ms [start, end): from MOCK_DATA_START when set, else the MOCK_DATA_DAYS whole UTC days
 * before the day of `startedAt` (day-rounded, so a restart on the same day gives the same data set).
 */
export function dataWindow(
  config: Pick<MockConfig, 'MOCK_DATA_START' | 'MOCK_DATA_DAYS'>,
  startedAt: number,
): { start: number; end: number } {
  const span = config.MOCK_DATA_DAYS * DAY_MS;
  const start =
    config.MOCK_DATA_START === undefined
      ? Math.floor(startedAt / DAY_MS) * DAY_MS - span
      : Date.parse(config.MOCK_DATA_START);
  return { start, end: start + span };
}

export function orgLimitFor(config: MockConfig, family: ApiFamily): number {
  return config.MOCK_ORG_RATE_LIMITS[family] ?? config.MOCK_ORG_RATE_LIMIT;
}
