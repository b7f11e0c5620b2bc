import type { Faker } from '@faker-js/faker';
import { type Dataset, generateConversation } from './dataset.js';
import { derivedSeed, seededFaker } from './random.js';
import type { AnalyticsConversation, AnalyticsSegment } from './types.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** At most this many conversations (at the curve's peak) are filled in for the part of today before the mock started. */
const BACKFILL_MAX_CONVERSATIONS = 1_500;

/** Where a live conversation is: in queue, with an agent, in after-call work, or over. */
export type LivePhase = 'waiting' | 'interacting' | 'wrapup' | 'ended';

/** One step of a live conversation: it started, an agent answered, the talk ended, or it ended. */
export interface LiveChange {
  at: number;
  phase: LivePhase;
  /** The conversation as it is at `at` (open segments have no end). */
  conversation: AnalyticsConversation;
  queueId: string;
  userId: string | undefined;
}

export interface LiveTrafficOptions {
  seed: number;
  /** Conversations started per minute, on average over a UTC day; 0 turns live traffic off. */
  ratePerMinute: number;
  now: () => number;
}

interface LiveRecord {
  /** The conversation as it will be once over. */
  full: AnalyticsConversation;
  /** Its position in `views`. */
  index: number;
  queueId: string;
  userId: string | undefined;
  /** When the agent answers (= end when nobody does), and when the talk ends (undefined when nobody answers). */
  queueEnd: number;
  talkEnd: number | undefined;
  end: number;
  /** Every instant the conversation changes, start first, end last; `next` is the one still to come. */
  changes: number[];
  next: number;
}

/** The share of the average rate at a UTC instant: 0.4 at 02:00, 1.6 at 14:00, 1 on average over the day. */
export function dailyCurve(at: number): number {
  const hours = (((at % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000;
  return 1 + 0.6 * Math.sin((2 * Math.PI * (hours - 8)) / 24);
}

/** A Poisson draw from a seeded faker (Knuth's method; a normal approximation for large means). */
function poisson(f: Faker, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - f.number.float())) * Math.cos(2 * Math.PI * f.number.float());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = f.number.float(); p > limit; p *= f.number.float()) k++;
  return k;
}

/**
 * Conversations that start and end while the mock runs. Minute m's arrivals are drawn from a faker seeded by
 * (seed, m), at the rate of the daily curve, so the same seed gives the same conversations at the same instants
 * however often anyone looks. The traffic begins at midnight UTC of the day the mock starts (`since`), so today
 * before the start is filled in as it would have happened, right after the data set's window (which ends at that
 * midnight by default); at high rates it begins later, so that the fill-in stays under BACKFILL_MAX_CONVERSATIONS. Nothing runs by itself: every read brings the state up to `now()` first
 * (`sync`), and `run()` is the wall-clock ticker that does it on time so that subscribers hear each change
 * when it happens. Tests drive a fake clock and call the reads.
 */
export class LiveTraffic {
  /** When the traffic begins: no live conversation starts earlier. */
  readonly since: number;
  /** When the mock started: what happened before is filled in as it stands then, without events. */
  private readonly openedAt: number;
  /** One generator, reseeded for each minute. */
  private readonly faker = seededFaker(0);
  private readonly records = new Map<string, LiveRecord>();
  /** The started conversations as they are now, in start order. */
  private readonly views: AnalyticsConversation[] = [];
  private readonly active = new Set<LiveRecord>();
  /** The next change of every conversation drawn but not over, soonest first. */
  private readonly upcoming: { at: number; record: LiveRecord }[] = [];
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private nextMinute: number;
  private changeCount = 0;

  constructor(
    private readonly data: Pick<Dataset, 'queues' | 'users' | 'divisionId'>,
    private readonly options: LiveTrafficOptions,
  ) {
    this.openedAt = options.now();
    const startMinute = Math.floor(options.now() / MINUTE_MS);
    const midnight = Math.floor(options.now() / DAY_MS) * DAY_MS;
    const backfillMinutes = Math.floor(BACKFILL_MAX_CONVERSATIONS / (1.6 * Math.max(options.ratePerMinute, 1e-9)));
    this.since = Math.max(midnight, (startMinute - backfillMinutes) * MINUTE_MS);
    this.nextMinute = Math.floor(this.since / MINUTE_MS);
  }

  get enabled(): boolean {
    return this.options.ratePerMinute > 0;
  }

  /** How many changes happened so far: part of the cache key of any answer that includes live conversations. */
  version(): number {
    this.sync();
    return this.changeCount;
  }

  /** The conversations started so far, as they are now, in start order (do not mutate). */
  conversations(): readonly AnalyticsConversation[] {
    this.sync();
    return this.views;
  }

  get(conversationId: string): AnalyticsConversation | undefined {
    this.sync();
    const record = this.records.get(conversationId);
    return record && record.next > 0 ? this.views[record.index] : undefined;
  }

  /** Conversations now waiting in the queue, and now talking with an agent of the queue. */
  queueCounts(queueId: string): { waiting: number; interacting: number } {
    this.sync();
    const now = this.options.now();
    let waiting = 0;
    let interacting = 0;
    for (const record of this.active) {
      if (record.queueId !== queueId) continue;
      const phase = phaseAt(record, now);
      if (phase === 'waiting') waiting++;
      else if (phase === 'interacting') interacting++;
    }
    return { waiting, interacting };
  }

  /** Calls `listener` with every change from now on, in time order; returns the function that stops it. */
  onChange(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Brings the state up to `now()`: draws the minutes that began, applies every change due, tells listeners. */
  sync(): void {
    if (!this.enabled) return;
    const now = this.options.now();
    for (;;) {
      const minuteAt = this.nextMinute * MINUTE_MS;
      const head = this.upcoming[0];
      if (minuteAt <= now && (!head || minuteAt <= head.at)) {
        this.drawMinute(this.nextMinute++);
        continue;
      }
      if (!head || head.at > now) return;
      this.upcoming.shift();
      this.apply(head.record, head.at);
    }
  }

  /** When the next change is due (the next minute's draw at the latest). */
  nextChangeAt(): number {
    return Math.min(this.upcoming[0]?.at ?? Number.POSITIVE_INFINITY, this.nextMinute * MINUTE_MS);
  }

  /** Keeps the state on the wall clock so that changes are announced when they happen; returns the stop function. */
  run(): () => void {
    if (!this.enabled) return () => {};
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      this.sync();
      const wait = Math.min(Math.max(this.nextChangeAt() - this.options.now(), 1), MINUTE_MS);
      timer = setTimeout(tick, wait);
      timer.unref();
    };
    tick();
    return () => clearTimeout(timer);
  }

  private drawMinute(minute: number): void {
    const startMs = minute * MINUTE_MS;
    const f = this.faker;
    f.seed(derivedSeed(this.options.seed, 'live', minute));
    const count = poisson(f, this.options.ratePerMinute * dailyCurve(startMs + MINUTE_MS / 2));
    const drawn = Array.from({ length: count }, () =>
      generateConversation(f, {
        startMs,
        spanMs: MINUTE_MS,
        queues: this.data.queues,
        users: this.data.users,
        divisionId: this.data.divisionId,
      }),
    ).sort((a, b) => a.conversationStart.localeCompare(b.conversationStart));
    for (const full of drawn) {
      const start = Date.parse(full.conversationStart);
      if (start < this.since) continue;
      const record = recordOf(full);
      this.records.set(full.conversationId, record);
      if (start < this.openedAt) this.fillIn(record);
      else this.schedule(start, record);
    }
  }

  /** A conversation that started before the mock did: as it stands at the start, its later changes still to come. */
  private fillIn(record: LiveRecord): void {
    record.index = this.views.length;
    this.views.push(viewAt(record.full, this.openedAt));
    record.next = record.changes.findIndex((t) => t > this.openedAt);
    if (record.next === -1) record.next = record.changes.length;
    else {
      this.active.add(record);
      this.schedule(record.changes[record.next] as number, record);
    }
    this.changeCount++;
  }

  private schedule(at: number, record: LiveRecord): void {
    let low = 0;
    let high = this.upcoming.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.upcoming[mid]?.at ?? 0) <= at) low = mid + 1;
      else high = mid;
    }
    this.upcoming.splice(low, 0, { at, record });
  }

  private apply(record: LiveRecord, at: number): void {
    if (record.next === 0) {
      record.index = this.views.length;
      this.views.push(record.full);
      this.active.add(record);
    }
    const view = viewAt(record.full, at);
    this.views[record.index] = view;
    record.next++;
    const following = record.changes[record.next];
    if (following === undefined) this.active.delete(record);
    else this.schedule(following, record);
    this.changeCount++;
    const change: LiveChange = {
      at,
      phase: phaseAt(record, at),
      conversation: view,
      queueId: record.queueId,
      userId: record.userId,
    };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure (a socket gone) must not stop the traffic or the other listeners.
      }
    }
  }
}

function recordOf(full: AnalyticsConversation): LiveRecord {
  const start = Date.parse(full.conversationStart);
  const end = Date.parse(full.conversationEnd ?? full.conversationStart);
  const acd = full.participants.find((p) => p.purpose === 'acd')?.sessions[0]?.segments[0];
  const agent = full.participants.find((p) => p.purpose === 'agent');
  const talk = agent?.sessions[0]?.segments[0];
  const instants = new Set<number>([start, end]);
  for (const p of full.participants)
    for (const s of p.sessions) {
      for (const seg of s.segments) {
        instants.add(Date.parse(seg.segmentStart));
        if (seg.segmentEnd) instants.add(Date.parse(seg.segmentEnd));
      }
      for (const m of s.metrics) instants.add(Date.parse(m.emitDate));
    }
  return {
    full,
    index: -1,
    queueId: acd?.queueId ?? '',
    userId: agent?.userId,
    queueEnd: acd?.segmentEnd ? Date.parse(acd.segmentEnd) : end,
    talkEnd: talk?.segmentEnd ? Date.parse(talk.segmentEnd) : undefined,
    end,
    changes: [...instants].filter((t) => t >= start && t <= end).sort((a, b) => a - b),
    next: 0,
  };
}

function phaseAt(record: LiveRecord, at: number): LivePhase {
  if (at >= record.end) return 'ended';
  if (at < record.queueEnd) return 'waiting';
  if (record.talkEnd !== undefined && at < record.talkEnd) return 'interacting';
  return 'wrapup';
}

/** The conversation as the platform shows it at `at`: what has not happened yet is absent, open segments have no end. */
export function viewAt(c: AnalyticsConversation, at: number): AnalyticsConversation {
  const now = new Date(at).toISOString();
  if (c.conversationEnd !== undefined && c.conversationEnd <= now) return c;
  const participants = c.participants
    .map((p) => ({
      ...p,
      sessions: p.sessions
        .map((s) => ({
          ...s,
          metrics: s.metrics.filter((m) => m.emitDate <= now),
          segments: s.segments.filter((seg) => seg.segmentStart <= now).map((seg) => openUntil(seg, now)),
        }))
        .filter((s) => s.segments.length > 0),
    }))
    .filter((p) => p.sessions.length > 0);
  const { conversationEnd: _end, ...open } = c;
  return { ...open, participants };
}

function openUntil(segment: AnalyticsSegment, now: string): AnalyticsSegment {
  if (segment.segmentEnd !== undefined && segment.segmentEnd <= now) return segment;
  // Still going on: no end, and what is only known at the end (how it ended, the wrap-up code) not yet either.
  const { segmentEnd: _end, disconnectType: _how, wrapUpCode: _code, ...open } = segment;
  return open;
}
