import { Redis, type RedisOptions } from 'ioredis';

/**
 * An ioredis connection suited to the shared policies: commands fail at once while disconnected (no offline
 * queue, one try) so that the limiter falls back to local counting instead of waiting, and reconnection is
 * retried every 0.2..2 s forever. `onError` receives connection errors (ioredis would print them otherwise).
 * Commands fail until the first connect: `await whenReady(redis)` before use.
 */
export function createRedis(
  url: string,
  onError: (error: Error) => void = () => {},
  options: RedisOptions = {},
): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
  redis.on('error', onError);
  return redis;
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
