import { createGenesysClient, type GenesysClient, gatewayOf } from '@lab/genesys-client';
import { type InternalFetch, internalFetch, tlsMaterial } from '@lab/http-edge';
import {
  type Caller,
  createCaller,
  createRedis,
  HeaderPacer,
  OrgRateLimiter,
  type ResilienceConfig,
  ResilienceEvents,
  resilienceDefaults,
} from '@lab/resilience';
import { createLogger, createMetricsRegistry, subscribeMetrics, subscribeSpans } from '@lab/telemetry';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { genesysLoginUrlOf, redisSettingsOf, type ServiceConfig } from './config.js';
import { redisTlsOptions } from './redis-tls.js';

export type MetricsRegistry = ReturnType<typeof createMetricsRegistry>;

/** What one service process shares between its routes and jobs. Created once in buildApp; closed on shutdown. */
export interface ServiceContext {
  service: string;
  config: ServiceConfig;
  events: ResilienceEvents;
  logger: Logger;
  registry: MetricsRegistry;
  redis: Redis;
  genesys: GenesysClient;
  /** fetch for internal hops (CRM, notifier): with the mTLS contract, presents this service's certificate. */
  internalFetch: InternalFetch;
  /** The caller (policy stack) of one dependency: "genesys", "crm", "notifier"...; one per dependency. */
  caller(dependency: string): Caller;
  callers(): Caller[];
  close(): Promise<void>;
}

export interface ServiceContextOptions {
  service: string;
  config: ServiceConfig;
  /** For tests: an existing logger (e.g. one writing to memory). */
  logger?: Logger;
}

export function createServiceContext({ service, config, logger: given }: ServiceContextOptions): ServiceContext {
  const events = new ResilienceEvents();
  const logger = given ?? createLogger({ service, level: config.LOG_LEVEL });
  const registry = createMetricsRegistry();
  subscribeSpans(events);
  subscribeMetrics(events, registry, { service });
  events.on((event) => {
    if (event.type === 'rate-limit-mode' || event.type === 'shared-breaker-mode') logger.warn({ event }, event.type);
    if (event.type === 'breaker-state')
      logger.warn({ event }, `breaker ${event.dependency}: ${event.from} -> ${event.to}`);
  });

  let redisDown = false;
  // The mTLS contract, read once: the same certificate for Redis (rediss://) and the internal HTTP hops.
  const tls = tlsMaterial(config);
  // Every command on it has a deadline (REDIS_COMMAND_TIMEOUT_MS); a hung Redis is dropped like a dead one.
  const redis = createRedis(
    config.REDIS_URL,
    (error) => {
      if (!redisDown) logger.warn({ err: error.message }, 'redis unreachable: shared limits fall back to local ones');
      redisDown = true;
    },
    redisSettingsOf(config),
    redisTlsOptions(config.REDIS_URL, tls),
  );
  redis.on('ready', () => {
    if (redisDown) logger.info('redis reachable again');
    redisDown = false;
  });

  // Parsed once, with the rest of the config, at boot: here only picked, with the one mode of the process.
  const settingsOf = (dependency: string): ResilienceConfig => ({
    ...(config.RESILIENCE_OVERRIDES[dependency] ?? resilienceDefaults),
    mode: config.RESILIENCE_MODE,
  });
  // One org budget and one header pacer per process, shared by every caller: the budget is per API family.
  const base = settingsOf('genesys');
  const rateLimiter = new OrgRateLimiter({ events, redis, ...base.rateLimit });
  const pacer = new HeaderPacer({ events, threshold: base.rateLimit.headerThreshold });
  const callers = new Map<string, Caller>();
  const caller = (dependency: string): Caller => {
    let existing = callers.get(dependency);
    if (!existing) {
      existing = createCaller({
        dependency,
        service,
        events,
        config: settingsOf(dependency),
        redis,
        rateLimiter,
        pacer,
        ...(config.REPLICA_ID ? { instanceId: config.REPLICA_ID } : {}),
      });
      callers.set(dependency, existing);
    }
    return existing;
  };

  const genesys = createGenesysClient({
    gateway: gatewayOf(config.GENESYS_URL),
    // real Genesys Cloud: tokens from login.<region>, the API at api.<region>; the mock answers both on one host
    loginGateway: gatewayOf(genesysLoginUrlOf(config)),
    clientId: config.GENESYS_CLIENT_ID,
    clientSecret: config.GENESYS_CLIENT_SECRET,
    events,
    // token requests and 401 re-attempts are requests the platform counts too: they take budget like attempts
    ...(base.mode === 'resilient' && {
      takeBudget: (family: string, signal?: AbortSignal) => rateLimiter.acquire(family, signal),
    }),
  });

  return {
    service,
    config,
    events,
    logger,
    registry,
    redis,
    genesys,
    internalFetch: internalFetch(tls),
    caller,
    callers: () => [...callers.values()],
    close: async () => {
      await Promise.all([...callers.values()].map((c) => c.close()));
      pacer.close();
      redis.disconnect();
    },
  };
}
