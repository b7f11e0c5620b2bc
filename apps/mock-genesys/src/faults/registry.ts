import type { Faker } from '@faker-js/faker';
import { seededFaker } from '../data/random.js';
import type { GenesysError } from '../errors.js';
import { ErrorRateFault, type ErrorRateSpec } from './error-rate.js';
import { type MaintenanceSpec, MaintenanceWindow } from './maintenance.js';
import { SlowFault, type SlowSpec } from './slow.js';
import type { RequestFacts } from './target.js';

export type Fault = ErrorRateFault | SlowFault;

/** The faults in force, in an explicit map; draws come from one seeded generator so runs are reproducible. */
export class FaultRegistry {
  private readonly faults = new Map<string, Fault>();
  private maintenance: MaintenanceWindow | undefined;
  private rng: Faker;
  private nextId = 1;

  constructor(
    private readonly seed: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rng = seededFaker(seed);
  }

  private readonly draw = () => this.rng.number.float({ min: 0, max: 1, multipleOf: 1e-9 }) % 1;

  addErrorRate(spec: ErrorRateSpec): ErrorRateFault {
    const fault = new ErrorRateFault(`error-rate-${this.nextId++}`, spec);
    this.faults.set(fault.id, fault);
    return fault;
  }

  addSlow(spec: SlowSpec): SlowFault {
    const fault = new SlowFault(`slow-${this.nextId++}`, spec);
    this.faults.set(fault.id, fault);
    return fault;
  }

  startMaintenance(spec: MaintenanceSpec): MaintenanceWindow {
    this.maintenance = new MaintenanceWindow(spec, this.now);
    return this.maintenance;
  }

  endMaintenance(): boolean {
    const was = this.maintenance?.active ?? false;
    this.maintenance = undefined;
    return was;
  }

  remove(id: string): boolean {
    return this.faults.delete(id);
  }

  /** Clears every fault and maintenance window and restarts the random sequence from the seed. */
  reset(seed = this.seed): void {
    this.faults.clear();
    this.maintenance = undefined;
    this.rng = seededFaker(seed);
  }

  get empty(): boolean {
    return this.faults.size === 0 && this.maintenance === undefined;
  }

  maintenanceError(): GenesysError | undefined {
    return this.maintenance?.error();
  }

  /** The injected error for this request, if any (first matching error-rate fault wins). */
  errorFor(request: RequestFacts): GenesysError | undefined {
    for (const fault of this.faults.values()) {
      if (!(fault instanceof ErrorRateFault)) continue;
      const error = fault.apply(request, this.draw);
      if (fault.exhausted) this.faults.delete(fault.id);
      if (error) return error;
    }
    return undefined;
  }

  /** Total delay to add for this request (slow faults add up). */
  delayFor(request: RequestFacts): number {
    let total = 0;
    for (const fault of this.faults.values())
      if (fault instanceof SlowFault) total += fault.delayFor(request, this.draw);
    return total;
  }

  describe() {
    return {
      maintenance: this.maintenance?.describe() ?? null,
      faults: [...this.faults.values()].map((f) => f.describe()),
    };
  }
}
