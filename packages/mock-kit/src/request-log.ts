import type { FastifyReply, FastifyRequest } from 'fastify';

/** Request headers the log keeps, where a request sent them: what ties attempts to one logical request. */
export const LOGGED_HEADERS = ['x-request-id', 'idempotency-key', 'inin-correlation-id'] as const;

/** One answered request, as the mock saw it. */
export interface LoggedRequest {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  /** The route pattern ("unmatched" when none matched). */
  route: string;
  path: string;
  status: number;
  /** The OAuth client behind it, on mocks that know one. */
  client?: string;
  headers?: Record<string, string>;
  /** Retry-After sent with the answer, in seconds, if any. */
  retryAfter?: number;
}

export interface RequestFilter {
  route?: string | undefined;
  client?: string | undefined;
  since?: number | undefined;
}

/**
 * The entry for an answered request; call it from an onResponse hook. `route` is the route pattern when the caller
 * already has it (Fastify's request.routeOptions builds a new object on every read).
 */
export function loggedRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  client?: string,
  route: string = request.routeOptions.url ?? 'unmatched',
): LoggedRequest {
  const url = request.url;
  const query = url.indexOf('?');
  const entry: LoggedRequest = {
    // Arrival from the monotonic clock with sub-millisecond precision, floored: two requests that arrived in order
    // keep their order (Date.now() minus a rounded elapsed time could swap them by a millisecond).
    at: Math.floor(performance.timeOrigin + performance.now() - reply.elapsedTime),
    method: request.method,
    route,
    path: query === -1 ? url : url.slice(0, query),
    status: reply.statusCode,
  };
  if (client !== undefined) entry.client = client;
  let headers: Record<string, string> | undefined;
  for (const name of LOGGED_HEADERS) {
    const value = request.headers[name];
    if (typeof value !== 'string') continue;
    headers ??= {};
    headers[name] = value;
  }
  if (headers) entry.headers = headers;
  const retryAfter = reply.getHeader('retry-after') ?? reply.raw.getHeader('Retry-After');
  if (retryAfter !== undefined) entry.retryAfter = Number(retryAfter);
  return entry;
}

/**
 * The last `capacity` requests, oldest first: the server-side timeline experiments check clients against (e.g.
 * that no retry came before a Retry-After had passed, or how many attempts one logical request took). A fixed
 * ring: memory stays bounded.
 */
export class RequestLog {
  private readonly ring: LoggedRequest[] = [];
  private next = 0;

  constructor(private readonly capacity = 5_000) {}

  record(entry: LoggedRequest): void {
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  entries(filter: RequestFilter = {}): LoggedRequest[] {
    const ordered =
      this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return ordered.filter(
      (e) =>
        (filter.route === undefined || e.route === filter.route) &&
        (filter.client === undefined || e.client === filter.client) &&
        (filter.since === undefined || e.at >= filter.since),
    );
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
  }
}
