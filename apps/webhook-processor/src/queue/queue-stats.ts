import type { Redis } from 'ioredis';
import { isNoGroup, type StreamKeys } from './streams.js';

export interface QueueSnapshot {
  /** Entries in the events stream: accepted and not yet acknowledged (new and pending). */
  depth: number | undefined;
  /** Entries delivered to a consumer and not acknowledged (in progress or waiting to be retried). */
  pending: number | undefined;
  deadLetters: number | undefined;
  /** When these were read (ISO 8601); undefined until Redis first answered. */
  readAt: string | undefined;
}

/**
 * The queue's size, read from Redis on demand (the metrics' collect(), /healthz). When Redis does not answer the
 * last values read are kept, so a scrape never hangs on it.
 */
export class QueueStats {
  private last: QueueSnapshot = { depth: undefined, pending: undefined, deadLetters: undefined, readAt: undefined };
  private inFlight: Promise<QueueSnapshot> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
    private readonly timeoutMs = 500,
  ) {}

  snapshot(): QueueSnapshot {
    return this.last;
  }

  /** Reads the sizes again (one read at a time; concurrent callers share it). Never rejects. */
  refresh(): Promise<QueueSnapshot> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(): Promise<QueueSnapshot> {
    try {
      const pipeline = this.redis
        .pipeline()
        .xlen(this.keys.events)
        .xpending(this.keys.events, this.keys.group)
        .xlen(this.keys.dead);
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), this.timeoutMs).unref());
      const results = await Promise.race([pipeline.exec(), timeout]);
      if (!results) return this.last;
      const [depth, pending, dead] = results;
      if (!depth || depth[0] || !dead || dead[0] || !pending) return this.last;
      // XPENDING fails with NOGROUP before the first worker created the group: nothing is pending then.
      if (pending[0] && !isNoGroup(pending[0])) return this.last;
      const summary = pending[0] ? undefined : (pending[1] as [number] | undefined);
      this.last = {
        depth: Number(depth[1]),
        pending: Number(summary?.[0] ?? 0),
        deadLetters: Number(dead[1]),
        readAt: new Date().toISOString(),
      };
    } catch {
      // Redis unreachable: keep the last values.
    }
    return this.last;
  }
}
