import { type BulkheadPolicy, bulkhead } from 'cockatiel';
import type { Call } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface BulkheadOptions {
  dependency: string;
  events: ResilienceEvents;
  /** Calls running at once. Defaults: resilienceConfigSchema's `bulkhead`. */
  limit?: number;
  /** Calls waiting for a slot; beyond that, calls are rejected at once. */
  queue?: number;
}

/**
 * Caps concurrent calls to one dependency (cockatiel bulkhead) so a slow dependency cannot take every socket and
 * every request of the service with it. Full queue: `BulkheadRejectedError` at once, `bulkhead-rejected` emitted.
 * Emits `bulkhead` {active, queued} when a call enters and when it leaves.
 */
export class Bulkhead {
  readonly limit: number;
  readonly queue: number;
  private readonly policy: BulkheadPolicy;

  constructor(private readonly options: BulkheadOptions) {
    this.limit = options.limit ?? resilienceDefaults.bulkhead.limit;
    this.queue = options.queue ?? resilienceDefaults.bulkhead.queue;
    this.policy = bulkhead(this.limit, this.queue);
    this.policy.onReject(() => options.events.emit({ type: 'bulkhead-rejected', dependency: options.dependency }));
  }

  get usage(): { active: number; queued: number } {
    return { active: this.limit - this.policy.executionSlots, queued: this.queue - this.policy.queueSlots };
  }

  async execute<T>(call: Call<T>, signal?: AbortSignal): Promise<T> {
    const running = this.policy.execute(({ signal: inner }) => call(inner), signal);
    this.report();
    try {
      return await running;
    } finally {
      this.report();
    }
  }

  private report(): void {
    this.options.events.emit({ type: 'bulkhead', dependency: this.options.dependency, ...this.usage });
  }
}
