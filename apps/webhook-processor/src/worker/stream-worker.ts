import { setTimeout as sleep } from 'node:timers/promises';
import { blockingConnection, cappedExponential, whenReady } from '@lab/resilience';
import type { ServiceContext } from '@lab/service-kit';
import type { Redis } from 'ioredis';
import type { BackoffRange } from '../backoff.js';
import { ensureGroup, isNoGroup, parseEntry, type RawEntry, type StreamKeys } from '../queue/streams.js';
import type { EntryProcessor } from './entry-processor.js';
import { removeIdleConsumers } from './idle-consumers.js';
import { type ClaimedEntry, Reclaimer } from './reclaimer.js';

export interface StreamWorkerOptions {
  ctx: ServiceContext;
  keys: StreamKeys;
  processor: EntryProcessor;
  consumer: string;
  /** Other consumers idle longer than this with nothing pending are removed from the group. */
  consumerIdleMaxMs: number;
  onConsumerRemoved?: (name: string) => void;
  batchSize: number;
  blockMs: number;
  retry: BackoffRange;
}

export type WorkerState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * The consumer loop: reclaim due pending entries first, else XREADGROUP BLOCK (bounded) for new ones; process a
 * batch concurrently (each item bounded by its own timeout), then go round. The blocking read has its own
 * connection (a blocked connection serves nothing else). stop() ends the loop after the current batch.
 */
export class StreamWorker {
  private state: WorkerState = 'idle';
  private readonly inFlight = new Set<string>();
  private blocking: Redis | undefined;
  private readonly reclaimer: Reclaimer;
  private loop: Promise<void> | undefined;
  private readonly stopController = new AbortController();
  private lastError: string | undefined;
  private nextCleanupAt = 0;

  constructor(private readonly options: StreamWorkerOptions) {
    const { ctx, keys, consumer, retry, batchSize } = options;
    this.reclaimer = new Reclaimer(ctx.redis, keys, consumer, retry, batchSize);
  }

  start(): void {
    if (this.loop) return;
    this.state = 'running';
    // Its deadline is the block plus the command deadline: a read on a hung Redis still ends.
    this.blocking = blockingConnection(this.options.ctx.redis, this.options.blockMs);
    // Connection errors are already reported by the context's own connection.
    this.blocking.on('error', () => {});
    this.loop = this.run();
  }

  /** Stops reading, lets the batch in progress finish, closes the blocking connection. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    this.stopController.abort();
    this.blocking?.disconnect();
    await this.loop;
    this.state = 'stopped';
  }

  health() {
    return {
      state: this.state,
      consumer: this.options.consumer,
      inFlight: this.inFlight.size,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private get stopping(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(): Promise<void> {
    const { ctx, keys } = this.options;
    let groupReady = false;
    let failures = 0;
    while (!this.stopping) {
      try {
        await ready(ctx.redis);
        if (!groupReady) {
          await ensureGroup(ctx.redis, keys);
          groupReady = true;
        }
        await this.cleanupConsumers();
        const reclaimed = await this.reclaimer.claim(this.inFlight);
        const batch = reclaimed.length > 0 ? reclaimed : await this.readNew();
        if (batch.length > 0) await this.processBatch(batch);
        failures = 0;
        this.lastError = undefined;
      } catch (error) {
        if (this.stopping) break;
        if (isNoGroup(error)) groupReady = false;
        this.lastError = (error as Error).message;
        if (failures++ === 0) ctx.logger.warn({ err: this.lastError }, 'worker: redis call failed, retrying');
        // Redis unreachable: wait a little (jittered, at most ~2 s) instead of spinning.
        const wait = cappedExponential(failures, { baseMs: 200, maxMs: 2_000 }) * (0.5 + Math.random() / 2);
        await sleep(wait, undefined, { signal: this.stopController.signal }).catch(() => {});
      }
    }
  }

  /** At most every min(idle bound / 2, 60 s): removes consumers idle past the bound (see removeIdleConsumers). */
  private async cleanupConsumers(): Promise<void> {
    const { ctx, keys, consumer, consumerIdleMaxMs, onConsumerRemoved } = this.options;
    if (Date.now() < this.nextCleanupAt) return;
    this.nextCleanupAt = Date.now() + Math.min(consumerIdleMaxMs / 2, 60_000);
    for (const name of await removeIdleConsumers(ctx.redis, keys, consumer, consumerIdleMaxMs)) {
      ctx.logger.info({ consumer: name }, 'worker: removed an idle consumer from the group');
      onConsumerRemoved?.(name);
    }
  }

  private async readNew(): Promise<ClaimedEntry[]> {
    const { keys, consumer, batchSize, blockMs } = this.options;
    if (!this.blocking) return [];
    await ready(this.blocking);
    const reply = (await this.blocking.xreadgroup(
      'GROUP',
      keys.group,
      consumer,
      'COUNT',
      batchSize,
      'BLOCK',
      blockMs,
      'STREAMS',
      keys.events,
      '>',
    )) as [string, RawEntry[]][] | null;
    const entries = reply?.[0]?.[1] ?? [];
    return entries.map((raw) => ({ entry: parseEntry(raw), deliveries: 1 }));
  }

  private async processBatch(batch: ClaimedEntry[]): Promise<void> {
    await Promise.all(
      batch.map(async ({ entry, deliveries }) => {
        this.inFlight.add(entry.id);
        try {
          await this.options.processor.process(entry, deliveries);
        } catch (error) {
          this.options.ctx.logger.error({ err: error, entryId: entry.id }, 'worker: unexpected processing error');
        } finally {
          this.inFlight.delete(entry.id);
        }
      }),
    );
  }
}

/** Waits (bounded) for a connection that is (re)connecting; throws if it does not come up. */
async function ready(redis: Redis): Promise<void> {
  if (redis.status !== 'ready' && !(await whenReady(redis, 2_000))) throw new Error(`redis ${redis.status}`);
}
