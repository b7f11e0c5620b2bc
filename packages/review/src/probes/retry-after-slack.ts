/** A request-log entry as the mocks log it (the fields this check reads). */
export interface LoggedCall {
  at: number;
  path: string;
  status: number;
  retryAfter?: number;
}

/**
 * How well callers honoured the mocks' Retry-After, on the mock's own timeline: for every answer that carried a
 * Retry-After, the next request of the same logical call (same path) must arrive no earlier than `at + retryAfter`.
 * The value is the smallest slack in ms over all such pairs (negative: a request came too early). Throws when no
 * answer with a Retry-After was followed by a retry: then there is nothing to judge, which is itself a deviation
 * (the caller gave up, or the fault never applied).
 */
export function retryAfterSlackMs(calls: LoggedCall[]): number {
  const ordered = [...calls].sort((a, b) => a.at - b.at);
  let slack = Number.POSITIVE_INFINITY;
  ordered.forEach((call, i) => {
    if (call.retryAfter === undefined) return;
    const next = ordered.slice(i + 1).find((later) => later.path === call.path);
    if (next) slack = Math.min(slack, next.at - (call.at + call.retryAfter * 1_000));
  });
  if (slack === Number.POSITIVE_INFINITY) throw new Error('no answer with a Retry-After was followed by a retry');
  return slack;
}
