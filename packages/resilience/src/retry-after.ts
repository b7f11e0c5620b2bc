import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';
import { headersOf, statusOf } from './errors.js';

/** Statuses whose Retry-After header we honour (the platform sends it on 429 and on 503 during maintenance). */
const HONOURED = new Set([429, 503]);

/** Retry-After in ms: delta-seconds ("2") or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait a 429 (or 503) asks for through Retry-After, in ms. */
export function retryAfterMsOf(error: unknown): number | undefined {
  const status = statusOf(error);
  if (status === undefined || !HONOURED.has(status)) return undefined;
  return parseRetryAfter(headersOf(error)?.['retry-after']);
}

type Context = IRetryBackoffContext<unknown>;

/**
 * A cockatiel backoff that waits exactly what Retry-After says when the failed attempt carried one, and otherwise
 * takes the next delay of `inner` (exponential with jitter). Cockatiel has no notion of server-dictated delays.
 */
export class RetryAfterBackoff implements IBackoffFactory<Context> {
  constructor(private readonly inner: IBackoffFactory<Context>) {}

  next(context: Context): IBackoff<Context> {
    return step(this.inner, undefined, context);
  }
}

function step(factory: IBackoffFactory<Context>, previous: IBackoff<Context> | undefined, context: Context) {
  const innerNext = previous ? previous.next(context) : factory.next(context);
  const told = 'error' in context.result ? retryAfterMsOf(context.result.error) : undefined;
  const backoff: IBackoff<Context> = {
    duration: told ?? innerNext.duration,
    next: (nextContext) => step(factory, innerNext, nextContext),
  };
  return backoff;
}
