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
  /**
   * How long the replica that wins the probe holds the right to send it (default 5 s): longer than one attempt,
   * so a probe in flight is not doubled; a winner that dies frees it when it ends.
   */
  probeLeaseMs?: number;
  /** Replicas try for the probe at the end of the open period plus up to this share of it at random (default 0.1). */
  probeJitter?: number;
  /**
   * How often a replica that lost the probe lease reads the shared state again while it waits on the winner's
   * result (default 250 ms, jittered by probeJitter, at most the lease): a result whose message it missed, or a
   * winner gone, is seen this soon, not only when the lease would end.
   */
  probeWaitPollMs?: number;
  /** For tests: the random source of the probe jitter. */
  random?: () => number;
}

/** What the key holds while the fleet's breaker is open. */
interface Opening {
  origin: string;
  /** The length of this open period (ms): a failed probe doubles it. */
  periodMs: number;
  /** When the period ends (epoch ms): then one replica probes. */
  until: number;
}

interface Message {
  state: 'open' | 'closed';
  origin: string;
  /** open: the time left in the period (ms). */
  ms?: number;
  /** open: the whole period (ms), default `ms`. */
  periodMs?: number;
}

/** The key outlives its open period by this much, so a slow probe does not let the fleet close by expiry. */
const KEY_GRACE_MS = 60_000;

/**
 * Reads the opening (KEYS[1]) and, only while it exists, tries for the probe lease (KEYS[2], SET NX PX ARGV[2] with
 * value ARGV[1]), atomically: a lease is never taken for a breaker that closed between the read and the SET.
 * Answers {opening or '', 1 won / 0 lost}.
 */
const TRY_LEASE =
  "local v = redis.call('get', KEYS[1]) if not v then return {'', 0} end " +
  "if redis.call('set', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {v, 1} end return {v, 0}";

/** Deletes the probe lease only if this replica holds it (KEYS[1] the lease, ARGV[1] the instance id). */
const FREE_LEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Shares a breaker across the replicas of a service through Redis, half-open included. When a local breaker opens,
 * the replica SETs breaker:<service>:<dependency> (the opening: origin, period, end) and PUBLISHes on the same name;
 * every replica, the opener too, holds its breaker `isolated`. When the period ends, each replica waits a jittered
 * moment and tries `SET <key>:probe NX PX probeLeaseMs`: the one that gets it lets one call through as the probe
 * (one attempt), the others stay isolated and read the key again every probeWaitPollMs (jittered) while they wait:
 * a newer opening (a failed probe whose message they missed) is adopted, a deleted key (a success) closes them, and
 * a lease that has ended (the winner died) is tried for again. A lease taken for an opening that moved on meanwhile
 * is freed at once, so it never holds the next probe back. The winner publishes the result: success closes every replica at once; failure re-opens everywhere with the
 * doubled, jittered period. A replica that starts or reconnects while the key lives joins the opening; a breaker
 * that opened while Redis was down (local mode: this replica's breaker alone, its own half-open) is published when
 * Redis returns. Redis trouble never reaches calls: the local breaker keeps working, and an isolated replica that
 * cannot reach Redis at the end of a period probes on its own; `shared-breaker-mode` says so, once per switch.
 * Hand-written: cockatiel's breaker is per process, and neither it nor ioredis shares one.
 */
export class SharedBreaker {
  readonly key: string;
  readonly instanceId: string;
  private readonly leaseKey: string;
  private readonly leaseMs: number;
  private readonly probeJitter: number;
  private readonly pollMs: number;
  /** This replica holds the probe lease (it won it and has not reported the probe's result). */
  private leaseHeld = false;
  private readonly random: () => number;
  private readonly subscriber: Redis;
  private readonly stopListening: () => void;
  private isolation: { dispose(): void } | undefined;
  private opening: Opening | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  /** When the local breaker opened on its own while Redis was away: published when Redis returns. */
  private unpublished: Opening | undefined;
  private mode: 'shared' | 'local' = 'shared';
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: SharedBreakerOptions) {
    this.key = `breaker:${options.service}:${options.breaker.dependency}`;
    this.leaseKey = `${this.key}:probe`;
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseMs = options.probeLeaseMs ?? 5_000;
    this.probeJitter = options.probeJitter ?? 0.1;
    this.pollMs = Math.max(1, Math.min(this.leaseMs, options.probeWaitPollMs ?? 250));
    this.random = options.random ?? Math.random;
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
    await this.freeLease(); // a replica shutting down mid-probe does not make the others wait out its lease
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
    if (change.to === 'open') {
      const periodMs = Math.max(1, this.options.breaker.openMs);
      const opening = { origin: this.instanceId, periodMs, until: Date.now() + periodMs };
      void this.guard(
        async () => {
          await this.announce(opening);
          this.adopt(opening);
        },
        () => {
          this.unpublished = opening;
        },
      );
    } else if (change.to === 'closed') {
      // local mode: this replica's own probe succeeded
      this.unpublished = undefined;
      if (change.from === 'half-open') void this.guard(() => this.announceClosed());
    }
  }

  private received(text: string): void {
    let message: Partial<Message>;
    try {
      message = JSON.parse(text) as Partial<Message>;
    } catch {
      return;
    }
    if (message.origin === this.instanceId || this.closed || typeof message.origin !== 'string') return;
    if (message.state === 'open' && typeof message.ms === 'number' && message.ms > 0) {
      const periodMs = typeof message.periodMs === 'number' && message.periodMs > 0 ? message.periodMs : message.ms;
      this.adopt({ origin: message.origin, periodMs, until: Date.now() + message.ms });
      void this.freeLease(); // another replica's opening (already in the key) supersedes the one we were probing
    } else if (message.state === 'closed') this.release();
  }

  /**
   * Reads the key: a live opening (ours or another replica's) holds us isolated until its end; a breaker that
   * opened here while Redis was away is published now; no key, nothing to publish: isolation ends.
   */
  private async sync(): Promise<void> {
    const opening = parseOpening(await this.options.redis.get(this.key));
    if (opening) {
      this.unpublished = undefined;
      this.adopt(opening);
      return;
    }
    const pending = this.unpublished;
    const state = this.options.breaker.state;
    if (pending && (state === 'open' || state === 'half-open')) {
      this.unpublished = undefined;
      await this.announce(pending);
      this.adopt(pending);
    } else this.release();
  }

  private async announce(opening: Opening): Promise<void> {
    const { redis } = this.options;
    const ms = Math.max(1, opening.until - Date.now());
    await redis.set(this.key, JSON.stringify(opening), 'PX', ms + KEY_GRACE_MS);
    const message: Message = { state: 'open', origin: this.instanceId, ms, periodMs: opening.periodMs };
    await redis.publish(this.key, JSON.stringify(message));
  }

  private async announceClosed(): Promise<void> {
    const { redis } = this.options;
    await redis.del(this.key, this.leaseKey);
    await redis.publish(this.key, JSON.stringify({ state: 'closed', origin: this.instanceId } as Message));
  }

  /** Holds the local breaker isolated for `opening` and schedules this replica's try for the probe at its end. */
  private adopt(opening: Opening): void {
    if (this.closed) return;
    this.options.breaker.revokeProbe();
    this.isolation ??= this.options.breaker.isolate();
    this.opening = opening;
    const jitter = Math.min(this.leaseMs, opening.periodMs * this.probeJitter) * this.random();
    this.schedule(Math.max(0, opening.until - Date.now()) + jitter);
  }

  private schedule(ms: number): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.tryProbe(), ms);
    this.probeTimer.unref();
  }

  /**
   * The end of the open period, and each poll while another replica probes: reads the key; whoever SETs the lease
   * first probes; the others poll again soon.
   */
  private async tryProbe(): Promise<void> {
    const opening = this.opening;
    if (this.closed || !opening) return;
    let won: boolean;
    try {
      const { redis } = this.options;
      const [text, gotLease] = (await redis.eval(
        TRY_LEASE,
        2,
        this.key,
        this.leaseKey,
        this.instanceId,
        this.leaseMs,
      )) as [string, number];
      const current = parseOpening(text);
      won = gotLease === 1;
      if (won) this.leaseHeld = true;
      this.switchTo('shared');
      if (this.opening !== opening || !current || current.until > Date.now()) {
        // A message moved us on meanwhile (its adopt scheduled the next look), the breaker closed while we missed
        // the message, or a period has not ended (a failed probe's re-opening we missed): no probe now.
        if (won) await this.freeLease();
        if (this.opening !== opening) return;
        if (!current) this.release();
        else this.adopt(current);
        return;
      }
    } catch (error) {
      this.degrade(error);
      won = true; // no Redis to choose through: this replica probes for itself
    }
    if (this.opening !== opening) {
      // The opening moved on while we took the lease (a re-opening arrived): the lease is for nothing now, and left
      // alone it would hold the next period's probe back until it ends.
      await this.freeLease();
      return;
    }
    if (won) {
      // in case the probe never runs (no call comes) or its result is lost: try again when the lease ends
      this.schedule(this.leaseMs + this.leaseMs * this.probeJitter * this.random());
      this.options.breaker.grantProbe((ok) => void this.probed(ok, opening));
    } else {
      // Another replica holds the lease. If it is ours no more (it ended unused), neither is the probe: withdraw it.
      this.leaseHeld = false;
      this.options.breaker.revokeProbe();
      this.schedule(this.pollMs * (1 + this.probeJitter * this.random()));
    }
  }

  /** Deletes the probe lease if this replica holds it; best effort (the lease's PX ends it anyway). */
  private async freeLease(): Promise<void> {
    if (!this.leaseHeld) return;
    this.leaseHeld = false;
    await this.options.redis.eval(FREE_LEASE, 1, this.leaseKey, this.instanceId).catch(() => {});
  }

  private async probed(ok: boolean, opening: Opening): Promise<void> {
    if (this.closed || this.opening !== opening) return;
    this.leaseHeld = false; // deleted below, after the result is in the key (so no poller probes the old period)
    if (ok) {
      this.release();
      await this.guard(() => this.announceClosed());
      return;
    }
    const periodMs = this.options.breaker.nextOpenMs(opening.periodMs);
    const next = { origin: this.instanceId, periodMs, until: Date.now() + periodMs };
    this.adopt(next);
    await this.guard(async () => {
      await this.announce(next);
      await this.options.redis.del(this.leaseKey);
    });
  }

  private release(): void {
    clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    this.opening = undefined;
    this.options.breaker.revokeProbe();
    this.isolation?.dispose();
    this.isolation = undefined;
  }

  private async guard(operation: () => Promise<void>, onError?: () => void): Promise<void> {
    try {
      await operation();
      this.switchTo('shared');
    } catch (error) {
      onError?.();
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

function parseOpening(text: string | null): Opening | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Opening>;
    if (typeof value.origin === 'string' && typeof value.periodMs === 'number' && typeof value.until === 'number')
      return { origin: value.origin, periodMs: value.periodMs, until: value.until };
  } catch {
    // not an opening: ignored
  }
  return undefined;
}
