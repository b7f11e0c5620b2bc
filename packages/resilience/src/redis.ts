import { Redis, type RedisOptions } from 'ioredis';
import { definedOnly } from './defined.js';
import { type RedisConfig, redisDefaults } from './redis-config.js';

/**
 * ioredis options for the shared policies, from the Redis settings (`redisConfigSchema`):
 * - `commandTimeout`: every command has a deadline (`commandTimeoutMs`), shorter than any caller's budget;
 * - `socketTimeout` (same value): a connection that answers nothing while a command waits is destroyed and
 *   reconnected, so a hung Redis is treated like a dead one;
 * - `enableOfflineQueue: false`: while not connected, commands fail at once (the limiter counts locally, the breaker
 *   stays local, the intake answers 503) instead of queueing behind a reconnection;
 * - `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`: a command never outlives the connection
 *   it was written on (its caller was told it failed; resending it later would act behind the caller's back);
 * - reconnection every min(n x step, max) ms, forever: recovery needs no restart.
 */
export function redisOptions(settings: Partial<RedisConfig> = {}): RedisOptions {
  const s = { ...redisDefaults, ...definedOnly(settings) };
  return {
    commandTimeout: s.commandTimeoutMs,
    socketTimeout: s.commandTimeoutMs,
    connectTimeout: s.connectTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times) => Math.min(times * s.reconnectStepMs, s.reconnectMaxMs),
  };
}

/**
 * An ioredis connection suited to the shared policies (`redisOptions`). `onError` receives connection errors
 * (ioredis would print them otherwise). Commands fail until the first connect: `await whenReady(redis)` before use.
 */
export function createRedis(
  url: string,
  onError: (error: Error) => void = () => {},
  settings: Partial<RedisConfig> = {},
  options: RedisOptions = {},
): Redis {
  const redis = new Redis(url, { ...redisOptions(settings), ...options });
  redis.on('error', onError);
  return redis;
}

/**
 * A second connection for blocking reads (XREADGROUP BLOCK `blockMs`): its deadline is the block plus the command
 * deadline, so a read that legitimately waits is not cut, and one on a hung Redis still ends.
 */
export function blockingConnection(redis: Redis, blockMs: number): Redis {
  const deadline = (redis.options.commandTimeout ?? redisDefaults.commandTimeoutMs) + blockMs;
  return redis.duplicate({ commandTimeout: deadline, socketTimeout: deadline });
}

/** Resolves true once `redis` is ready (connecting it if lazy), false on an error or after `timeoutMs`. */
export async function whenReady(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (redis.status === 'ready') return true;
  if (redis.status === 'wait') redis.connect().catch(() => {});
  if (redis.status === 'end') return false;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      resolve(ok);
    };
    const onReady = () => done(true);
    const onError = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
    redis.once('error', onError);
  });
}
