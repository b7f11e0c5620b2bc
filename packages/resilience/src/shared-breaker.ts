import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Breaker, BreakerChange } from './breaker.js';
import type { ResilienceEvents } from './events.js';
import { whenReady } from './redis.js';

export interface SharedBreakerOptions {
  breaker: Breaker;
  /** The service the replicas belong to: the key is breaker:<service>:<dependency>. */
  service: string;
  /** A connection for commands; a duplicate of it subscribes. The caller owns (and closes) this one. */
  redis: Redis;
  events: ResilienceEvents;
  /** Names this replica in the key's value and in messages (default a random UUID). */
  instanceId?: string;
}

interface Message {
  state: 'open' | 'closed';
  origin: string;
  ms?: number;
}

/**
 * Shares a breaker's openings across the replicas of a service through Redis. When the local breaker opens, it
 * SETs breaker:<service>:<dependency> with PX = the open period and PUBLISHes on the same name; every other replica
 * (subscribed) isolates its own breaker until the period ends or a `closed` message comes (the opener's probe
 * succeeded). A replica that starts, or reconnects, while the key lives isolates for its remaining PTTL. Redis
 * trouble never reaches calls: the local breaker keeps working and `shared-breaker-mode` says so, once per switch.
 * Hand-written: cockatiel's breaker is per process, and neither it nor ioredis shares one.
 */
export class SharedBreaker {
  readonly key: string;
  readonly instanceId: string;
  private readonly subscriber: Redis;
  private readonly stopListening: () => void;
  private isolation: { dispose(): void } | undefined;
  private releaseTimer: NodeJS.Timeout | undefined;
  private mode: 'shared' | 'local' = 'shared';
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SharedBreakerOptions) {
    this.key = `breaker:${options.service}:${options.breaker.dependency}`;
    this.instanceId = options.instanceId ?? randomUUID();
    this.subscriber = options.redis.duplicate({ lazyConnect: true });
    this.subscriber.on('error', (error: Error) => this.degrade(error));
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text));
    // after the first connect and after every reconnect of either connection: (re)subscribe and catch up
    const resync = () => this.resync();
    this.subscriber.on('ready', resync);
    options.redis.on('ready', resync);
    const stopChanges = options.breaker.onChange((change) => this.localChange(change));
    this.stopListening = () => {
      stopChanges();
      options.redis.off('ready', resync);
    };
  }

  /** Connects the subscriber and reads the current state; never throws (Redis down: local mode). */
  async start(): Promise<void> {
    if (!(await whenReady(this.options.redis))) this.degrade(new Error(`redis ${this.options.redis.status}`));
    try {
      await this.subscriber.connect();
    } catch (error) {
      this.degrade(error);
      return;
    }
    await this.syncing;
  }

  get sharedMode(): 'shared' | 'local' {
    return this.mode;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    this.release();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private resync(): void {
    if (this.closed || this.subscriber.status !== 'ready' || this.options.redis.status !== 'ready') return;
    this.syncing = this.guard(async () => {
      await this.subscriber.subscribe(this.key);
      await this.sync();
    });
  }

  private localChange(change: BreakerChange): void {
    if (change.shared || this.closed) return;
    const { redis } = this.options;
    if (change.to === 'open') {
      const ms = Math.max(1, this.options.breaker.openMs);
      void this.guard(async () => {
        await redis.set(this.key, this.instanceId, 'PX', ms);
        await redis.publish(this.key, JSON.stringify({ state: 'open', origin: this.instanceId, ms } as Message));
      });
    } else if (change.to === 'closed' && change.from === 'half-open') {
      void this.guard(async () => {
        await redis.del(this.key);
        await redis.publish(this.key, JSON.stringify({ state: 'closed', origin: this.instanceId } as Message));
      });
    }
  }

  private received(text: string): void {
    let message: Partial<Message>;
    try {
      message = JSON.parse(text) as Partial<Message>;
    } catch {
      return;
    }
    if (message.origin === this.instanceId || this.closed) return;
    if (message.state === 'open' && typeof message.ms === 'number' && message.ms > 0) this.hold(message.ms);
    else if (message.state === 'closed') this.release();
  }

  /** Reads the key: another replica's live opening isolates us for its remaining time; no key ends isolation. */
  private async sync(): Promise<void> {
    const [owner, ttl] = await Promise.all([this.options.redis.get(this.key), this.options.redis.pttl(this.key)]);
    if (owner && owner !== this.instanceId && ttl > 0) this.hold(ttl);
    else if (!owner) this.release();
  }

  private hold(ms: number): void {
    if (this.closed) return;
    this.isolation ??= this.options.breaker.isolate();
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => this.release(), ms);
    this.releaseTimer.unref();
  }

  private release(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    this.isolation?.dispose();
    this.isolation = undefined;
  }

  private async guard(operation: () => Promise<void>): Promise<void> {
    try {
      await operation();
      this.switchTo('shared');
    } catch (error) {
      this.degrade(error);
    }
  }

  private degrade(error: unknown): void {
    this.switchTo('local', error instanceof Error ? error.message : String(error));
  }

  private switchTo(mode: 'shared' | 'local', reason?: string): void {
    if (mode === this.mode || this.closed) return;
    this.mode = mode;
    const dependency = this.options.breaker.dependency;
    this.options.events.emit({ type: 'shared-breaker-mode', dependency, mode, ...(reason && { reason }) });
  }
}
