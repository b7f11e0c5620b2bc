import { HttpError } from '../http-error.js';
import { parseInput } from '../validation.js';
import {
  type Fault,
  type FaultKind,
  type FaultKindRegistry,
  type InjectedError,
  type RequestFacts,
  sharedFaultFields,
  targets,
} from './fault-kind.js';
import { seededRandom } from './seeded-random.js';

export interface FaultEngineOptions {
  kinds: FaultKindRegistry;
  /** Seed of every draw (MOCK_FAULT_SEED and the like): the same seed, the same faulted requests. */
  seed: number;
  now?: () => number;
  /** When given, target.family must be one of these. */
  families?: readonly [string, ...string[]];
}

/** Faults in force at once: each request walks them, so their number is the per-request cost of the engine. */
export const MAX_FAULTS = 100;

/**
 * The faults in force on one mock, by id, in the order they were added. Every draw comes from one generator
 * seeded with the fault seed; reset() restarts it. Kinds come from the registry the mock built.
 */
export class FaultEngine {
  private readonly faults = new Map<string, Fault>();
  private readonly kinds: FaultKindRegistry;
  private readonly shared;
  private readonly now: () => number;
  private draw: () => number;
  private nextId = 1;

  constructor(private readonly options: FaultEngineOptions) {
    this.kinds = options.kinds;
    this.now = options.now ?? Date.now;
    this.shared = sharedFaultFields(options.families);
    this.draw = seededRandom(options.seed);
  }

  get seed(): number {
    return this.options.seed;
  }

  /** Validates a POST /__admin/faults body and adds the fault; a bad body throws a 400 naming the field. */
  add(body: unknown): Fault {
    const { type, target, rate, count, ...rest } = parseInput(this.shared.passthrough(), body ?? {}, 'body');
    const kind = this.kinds.get(type);
    if (!kind) {
      const known = [...this.kinds.keys()].join(', ');
      throw new HttpError(400, 'bad_request', `Unknown fault type "${type}"; this mock knows: ${known}`, 'type');
    }
    const attributes = parseInput(kind.attributes.strict(), rest, 'body') as Record<string, unknown>;
    this.dropExpired();
    if (this.faults.size >= MAX_FAULTS) {
      throw new HttpError(
        400,
        'too_many_faults',
        `At most ${MAX_FAULTS} faults may be in force at once; remove some (DELETE /__admin/faults/:id) or reset`,
        'faults',
      );
    }
    const fault: Fault = {
      id: `${type}-${this.nextId++}`,
      type,
      target,
      rate,
      ...(count !== undefined ? { count, remaining: count } : {}),
      ...attributes,
      ...kind.created?.(attributes, this.now()),
      applied: 0,
    };
    this.faults.set(fault.id, fault);
    return fault;
  }

  list(): Fault[] {
    this.dropExpired();
    return [...this.faults.values()];
  }

  remove(id: string): boolean {
    return this.faults.delete(id);
  }

  /** Removes every fault and restarts the draws, from `seed` when given. */
  reset(seed = this.options.seed): void {
    this.faults.clear();
    this.draw = seededRandom(seed);
  }

  get empty(): boolean {
    return this.faults.size === 0;
  }

  /** The first matching error fault that its rate draws (of `types` only, when given), with that fault. */
  errorFor(request: RequestFacts, types?: readonly string[]): { fault: Fault; error: InjectedError } | undefined {
    for (const [fault, kind] of this.matching(request, 'error', types)) {
      if (!this.drawn(fault)) continue;
      const effect = kind.effect(fault, this.now(), this.draw);
      if ('error' in effect) return { fault, error: effect.error };
    }
    return undefined;
  }

  /** The delays of every matching delay fault its rate draws, added up, with the faults that applied. */
  delayFor(request: RequestFacts): { delayMs: number; faults: Fault[] } {
    let delayMs = 0;
    const applied: Fault[] = [];
    for (const [fault, kind] of this.matching(request, 'delay')) {
      if (!this.drawn(fault)) continue;
      const effect = kind.effect(fault, this.now(), this.draw);
      if ('delayMs' in effect) delayMs += effect.delayMs;
      applied.push(fault);
    }
    return { delayMs, faults: applied };
  }

  private *matching(request: RequestFacts, acts: FaultKind['acts'], types?: readonly string[]) {
    this.dropExpired();
    for (const fault of [...this.faults.values()]) {
      const kind = this.kinds.get(fault.type);
      if (!kind || kind.acts !== acts || (types && !types.includes(fault.type))) continue;
      if (targets(fault.target, request)) yield [fault, kind] as const;
    }
  }

  /** Draws against the fault's rate; counts an application and removes the fault once its count is spent. */
  private drawn(fault: Fault): boolean {
    if (this.draw() >= fault.rate) return false;
    fault.applied++;
    if (fault.remaining !== undefined && --fault.remaining <= 0) this.faults.delete(fault.id);
    return true;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const fault of this.faults.values())
      if (this.kinds.get(fault.type)?.expired?.(fault, now)) this.remove(fault.id);
  }
}
