/** One answered Genesys API request, as the platform saw it. */
export interface LoggedRequest {
  /** Epoch milliseconds when the request arrived. */
  at: number;
  method: string;
  route: string;
  status: number;
  client: string;
  /** Retry-After sent with the answer, in seconds, if any. */
  retryAfter?: number;
}

/**
 * The last `capacity` requests, oldest first: the server-side timeline that experiments check clients against
 * (e.g. that no retry came before the Retry-After of a 429 had passed). A fixed ring: memory stays bounded.
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

  entries(filter: { route?: string; client?: string; since?: number } = {}): LoggedRequest[] {
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
