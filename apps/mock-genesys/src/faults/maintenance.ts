import { z } from 'zod';
import { GenesysError } from '../errors.js';

/** `maintenance`: every Genesys API request answers 503 + Retry-After until the window ends. */
export const maintenanceSchema = z.object({
  seconds: z.number().int().min(1).max(86_400),
  /** Retry-After sent with each 503; defaults to the time left in the window. */
  retryAfterSeconds: z.number().int().min(1).max(86_400).optional(),
  /** Send v2.system.socket_closing to every notification socket and close it (default true). */
  closeSockets: z.boolean().default(true),
});
export type MaintenanceSpec = z.infer<typeof maintenanceSchema>;

export class MaintenanceWindow {
  readonly kind = 'maintenance';
  readonly until: number;

  constructor(
    readonly spec: MaintenanceSpec,
    private readonly now: () => number = Date.now,
  ) {
    this.until = now() + spec.seconds * 1_000;
  }

  get active(): boolean {
    return this.now() < this.until;
  }

  error(): GenesysError | undefined {
    if (!this.active) return undefined;
    const left = Math.max(1, Math.ceil((this.until - this.now()) / 1_000));
    const retryAfter = this.spec.retryAfterSeconds ?? left;
    return new GenesysError(
      503,
      `The service is down for maintenance. Retry the request in [${retryAfter}] seconds`,
      'service.unavailable',
      [],
      { 'Retry-After': String(retryAfter) },
    );
  }

  describe() {
    return { kind: this.kind, until: new Date(this.until).toISOString(), active: this.active, ...this.spec };
  }
}
