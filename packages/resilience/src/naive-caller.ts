import type { Caller, CallOptions, CallResult } from './caller.js';
import { type Call, isRejection, TimeoutError } from './errors.js';
import type { ResilienceEvents } from './events.js';
import { resilienceDefaults } from './resilience-config.js';

export interface NaiveCallerOptions {
  dependency: string;
  events: ResilienceEvents;
  /** Default: resilienceConfigSchema's `naiveTimeoutMs`, the Genesys SDK's own request timeout. */
  timeoutMs?: number;
}

/**
 * No policies: one attempt, the SDK's long timeout, no retry, breaker, bulkhead, rate limit, cache or fallback
 * (`family`, `cacheKey` and `fallback` are ignored). It still emits `timeout` and `call`, so the lab can put the
 * same load through both modes and compare.
 */
export function createNaiveCaller(options: NaiveCallerOptions): Caller {
  const { dependency, events } = options;
  const timeoutMs = options.timeoutMs ?? resilienceDefaults.naiveTimeoutMs;

  async function call<T>(fn: Call<T>, callOptions: CallOptions<T> = {}): Promise<CallResult<T>> {
    const started = Date.now();
    const controller = new AbortController();
    const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, controller.signal]) : controller.signal;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        events.emit({ type: 'timeout', dependency, timeoutMs });
        const error = new TimeoutError(timeoutMs);
        reject(error);
        controller.abort(error);
      }, timeoutMs);
    });
    let outcome: 'success' | 'failure' | 'rejected' = 'failure';
    try {
      const value = await Promise.race([fn(signal), timedOut]);
      outcome = 'success';
      return { value, source: 'fresh' };
    } catch (error) {
      outcome = isRejection(error) ? 'rejected' : 'failure';
      // the request may reject on our abort before the timer's own rejection wins the race
      if (controller.signal.reason instanceof TimeoutError) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      events.emit({ type: 'call', dependency, outcome, durationMs: Date.now() - started, attempts: 1 });
    }
  }

  return {
    mode: 'naive',
    dependency,
    call,
    state: () => ({ mode: 'naive', dependency }),
    ready: async () => {},
    close: async () => {},
  };
}
