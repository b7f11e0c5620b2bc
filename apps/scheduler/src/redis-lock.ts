import { randomUUID } from 'node:crypto';
import { whenReady } from '@lab/resilience';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Deletes the key only if it still holds our token: never frees a lock that expired and another replica took. */
export const RELEASE_SCRIPT = `if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("del", KEYS[1])
end
return 0`;

/**
 * A lock this process holds. `mode` says how far it reaches: `redis`, across every replica sharing the Redis;
 * `local`, Redis was unreachable, so only this process's single flight guards the job.
 */
export interface HeldLock {
  mode: 'redis' | 'local';
  key: string;
  release(): Promise<void>;
}

/** Another replica holds the lock. */
export interface LockBusy {
  mode: 'held-elsewhere';
  key: string;
}

export interface RedisLockOptions {
  redis: Redis;
  logger: Logger;
  /** Key prefix; the key is `<prefix><job>`. */
  prefix?: string;
  /** How long an acquire waits for a connection still being made (start-up, reconnection). */
  readyWaitMs?: number;
}

/**
 * The single-instance Redis lock of one job across replicas: `SET <key> <token> NX PX <ttl>`, released with a
 * compare-and-delete script. When Redis does not answer, the job goes on under the in-process single flight
 * alone (logged once per switch): the schedule is better pulled twice than not at all.
 */
export class RedisLock {
  private readonly prefix: string;
  private redisDown = false;

  constructor(private readonly options: RedisLockOptions) {
    this.prefix = options.prefix ?? 'scheduler:lock:';
  }

  async acquire(job: string, ttlMs: number): Promise<HeldLock | LockBusy> {
    const key = `${this.prefix}${job}`;
    const token = randomUUID();
    const { redis } = this.options;
    let answer: string | null;
    try {
      if (!(await whenReady(redis, this.options.readyWaitMs ?? 1_000)))
        throw new Error(`redis connection is ${redis.status}`);
      answer = await redis.set(key, token, 'PX', Math.ceil(ttlMs), 'NX');
    } catch (error) {
      this.switchTo(true, error);
      return { mode: 'local', key, release: async () => {} };
    }
    this.switchTo(false);
    if (answer !== 'OK') return { mode: 'held-elsewhere', key };
    return { mode: 'redis', key, release: () => this.release(key, token) };
  }

  private async release(key: string, token: string): Promise<void> {
    try {
      await this.options.redis.eval(RELEASE_SCRIPT, 1, key, token);
    } catch (error) {
      // The key expires by itself at the end of its TTL.
      this.options.logger.warn({ err: (error as Error).message, key }, 'lock release failed; it will expire');
    }
  }

  private switchTo(down: boolean, error?: unknown): void {
    if (down === this.redisDown) return;
    this.redisDown = down;
    if (down)
      this.options.logger.warn(
        { err: (error as Error | undefined)?.message },
        'redis unreachable: pulls guarded in-process only, replicas may overlap',
      );
    else this.options.logger.info('redis reachable again: pulls locked across replicas');
  }
}
