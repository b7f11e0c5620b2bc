import type { Logger } from 'pino';
import { type Intake, type IntakeResult, QueueUnavailableError } from '../queue/intake.js';
import { UnqueueableItemError } from '../queue/item-limits.js';
import type { WorkItem } from '../work-item.js';

export interface EnqueueBufferOptions {
  intake: Intake;
  logger: Logger;
  /** Most events held while Redis is unreachable; beyond it the oldest is dropped (counted and logged). */
  capacity: number;
  retryMs: number;
  onResult(result: IntakeResult): void;
  onUnavailable(): void;
  onDropped(item: WorkItem): void;
  /** An event that can never be queued (too deep, too large) went to the dead-letter stream. */
  onDeadLettered?(item: WorkItem, reason: string): void;
}

/**
 * Notification events have no sender to answer 503 to: when Redis cannot take one, it waits here (bounded, in
 * order) and is enqueued again every `retryMs`. An event that can never be queued (UnqueueableItemError: too deep,
 * too large) is a poison item, not an outage: it goes to the dead-letter stream with the reason instead of holding
 * up the ones behind it. A drop (buffer full, or events still held at shutdown) is counted and logged, never
 * silent. Hand-written: a small array and a timer.
 */
export class EnqueueBuffer {
  private readonly held: WorkItem[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly options: EnqueueBufferOptions) {}

  get size(): number {
    return this.held.length;
  }

  async submit(item: WorkItem): Promise<void> {
    if (this.held.length > 0) return this.hold(item);
    try {
      await this.place(item);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      this.options.onUnavailable();
      this.hold(item);
    }
  }

  /** Into the stream, or, for a poison item, into the dead-letter stream; rejects only when Redis is unavailable. */
  private async place(item: WorkItem): Promise<void> {
    try {
      this.options.onResult(await this.options.intake.enqueue(item));
    } catch (error) {
      if (!(error instanceof UnqueueableItemError)) throw error;
      await this.options.intake.deadLetter(item, `${error.kind}: ${error.message}`);
      this.options.onDeadLettered?.(item, error.kind);
      this.options.logger.warn({ eventId: item.eventId, reason: error.message }, 'notification event dead-lettered');
    }
  }

  /** Tries to enqueue what is held, in order; stops at the first failure and tries again later. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.held.length > 0) {
      const item = this.held[0]!;
      try {
        await this.place(item);
      } catch (error) {
        if (!(error instanceof QueueUnavailableError)) {
          // Not an outage and not a known poison item: logged and counted, never allowed to block the buffer.
          this.options.logger.error(
            { err: error, eventId: item.eventId },
            'notification event dropped: enqueue failed',
          );
          this.options.onDropped(item);
          this.held.shift();
          continue;
        }
        this.schedule();
        return;
      }
      this.held.shift();
    }
  }

  /** Last flush, then forgets the timer; returns how many events could not be enqueued (logged as lost). */
  async close(): Promise<number> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    clearTimeout(this.timer);
    const lost = this.held.splice(0);
    for (const item of lost) this.options.onDropped(item);
    if (lost.length > 0) this.options.logger.error({ lost: lost.length }, 'notification events lost at shutdown');
    return lost.length;
  }

  private hold(item: WorkItem): void {
    this.held.push(item);
    if (this.held.length > this.options.capacity) {
      const dropped = this.held.shift()!;
      this.options.onDropped(dropped);
      this.options.logger.error({ eventId: dropped.eventId }, 'notification event dropped: buffer full');
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.retryMs);
    this.timer.unref();
  }
}
