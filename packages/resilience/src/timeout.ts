import { isTaskCancelledError, type TimeoutPolicy, TimeoutStrategy, timeout } from 'cockatiel';
import { type Call, TimeoutError } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface TimeoutOptions {
  dependency: string;
  events: ResilienceEvents;
  /** Per attempt (default: resilienceConfigSchema's `timeoutMs`). */
  timeoutMs?: number;
}

/**
 * A per-attempt timeout: cockatiel's aggressive strategy gives up at `timeoutMs` and aborts the signal handed to the
 * call, so the request itself is cancelled. Our timeout surfaces as `TimeoutError` (retryable, counts toward the
 * breaker) and emits `timeout`; an abort by the caller's own signal stays an abort.
 */
export class CallTimeout {
  readonly timeoutMs: number;
  private readonly policy: TimeoutPolicy;

  constructor(private readonly options: TimeoutOptions) {
    this.timeoutMs = options.timeoutMs ?? resilienceDefaults.timeoutMs;
    // abortOnReturn off: then an aborted inner signal means our timer (or the caller) aborted it, nothing else
    this.policy = timeout(this.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  async execute<T>(call: Call<T>, signal?: AbortSignal): Promise<T> {
    let inner: AbortSignal | undefined;
    try {
      return await this.policy.execute((context) => {
        inner = context.signal;
        return call(context.signal);
      }, signal);
    } catch (error) {
      // the call may reject first (fetch rejects on abort) or cockatiel's TaskCancelledError may: both are ours
      if ((inner?.aborted || isTaskCancelledError(error)) && !signal?.aborted) {
        this.options.events.emit({ type: 'timeout', dependency: this.options.dependency, timeoutMs: this.timeoutMs });
        throw new TimeoutError(this.timeoutMs);
      }
      throw error;
    }
  }
}
