import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ScheduleSnapshot } from './schedule-store.js';

/** Redis hash of business unit id -> the newest good snapshot any replica pulled (JSON). */
const KEY = 'scheduler:schedules';

/**
 * The schedules shared by the replicas: the one that holds the lock and pulls publishes each good snapshot
 * (HSET), and every replica serves the newer of its own and the shared one, so the replica that lost the lock
 * serves the winner's schedule, not its own older one. Redis trouble is never an outage: reads are bounded and
 * fall back to the replica's own schedule; a failed publish is logged.
 */
export class SharedSchedules {
  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    private readonly readTimeoutMs = 500,
  ) {}

  publish(snapshot: ScheduleSnapshot): void {
    this.redis
      .hset(KEY, snapshot.businessUnit.id, JSON.stringify(snapshot))
      .catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'shared schedule: publish failed'),
      );
  }

  /** The shared snapshot of `businessUnitId` (default: the first by id); undefined if none or Redis fails. */
  async read(businessUnitId?: string): Promise<ScheduleSnapshot | undefined> {
    const lookup = async () => {
      if (businessUnitId !== undefined) return this.redis.hget(KEY, businessUnitId);
      const all = await this.redis.hgetall(KEY);
      const first = Object.keys(all).sort()[0];
      return first === undefined ? null : (all[first] ?? null);
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const text = await Promise.race([
        lookup(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), this.readTimeoutMs);
        }),
      ]);
      return text ? (JSON.parse(text) as ScheduleSnapshot) : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The newer of two snapshots by pulledAt (the first when equal). */
export function newer(a: ScheduleSnapshot | undefined, b: ScheduleSnapshot | undefined): ScheduleSnapshot | undefined {
  if (!a || !b) return a ?? b;
  return Date.parse(b.pulledAt) > Date.parse(a.pulledAt) ? b : a;
}
