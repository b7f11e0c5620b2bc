import type { Redis } from 'ioredis';
import { type BackoffRange, reclaimIdleMs } from '../backoff.js';
import { parseEntry, type RawEntry, type StreamEntry, type StreamKeys } from '../queue/streams.js';

export interface ClaimedEntry {
  entry: StreamEntry;
  /** Deliveries including this one. */
  deliveries: number;
}

/** One row of XPENDING's extended form: id, consumer, idle ms, deliveries. */
type PendingRow = [string, string, number, number];

/**
 * Takes over pending entries whose last delivery failed (or whose consumer died: a kill -9 between notify and
 * ack): XPENDING lists entries idle at least the shortest backoff; those idle longer than the backoff of their
 * own delivery count are XCLAIMed with that min-idle, which makes the claim exclusive between replicas (a
 * concurrent claim resets the idle time, so the second XCLAIM returns nothing). XAUTOCLAIM would be one call, but
 * takes one min-idle for all entries; the backoff here grows with each entry's delivery count.
 */
export class Reclaimer {
  /** Where the next XPENDING scan starts, so entries waiting for a long backoff do not hide the others. */
  private cursor: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: StreamKeys,
    private readonly consumer: string,
    private readonly range: BackoffRange,
    private readonly batchSize: number,
  ) {}

  /** Claims up to batchSize due entries, skipping `inFlight` (this process is still working on them). */
  async claim(inFlight: ReadonlySet<string>): Promise<ClaimedEntry[]> {
    const scan = this.batchSize * 5;
    const rows = (await this.redis.xpending(
      this.keys.events,
      this.keys.group,
      'IDLE',
      reclaimIdleMs(1, this.range),
      this.cursor ? `(${this.cursor}` : '-',
      '+',
      scan,
    )) as PendingRow[];
    const due: PendingRow[] = [];
    for (const row of rows) {
      const [id, , idle, deliveries] = row;
      if (!inFlight.has(id) && idle >= reclaimIdleMs(deliveries, this.range)) due.push(row);
      if (due.length === this.batchSize) break;
    }
    const capped = due.length === this.batchSize;
    this.cursor = capped ? due.at(-1)?.[0] : rows.length < scan ? undefined : rows.at(-1)?.[0];

    const claimed: ClaimedEntry[] = [];
    for (const [id, , , deliveries] of due) {
      const entries = (await this.redis.xclaim(
        this.keys.events,
        this.keys.group,
        this.consumer,
        reclaimIdleMs(deliveries, this.range),
        id,
      )) as RawEntry[];
      for (const raw of entries) claimed.push({ entry: parseEntry(raw), deliveries: deliveries + 1 });
    }
    return claimed;
  }
}
