import { z } from 'zod';
import type { FaultKindRegistry } from './fault-kind.js';

const attributes = z.object({
  seconds: z.number().int().min(1).max(86_400),
  /** Retry-After sent with each 503; defaults to the time left in the window. */
  retryAfterSeconds: z.number().int().min(1).max(86_400).optional(),
  /** Tell every notification socket socket_closing and close it (the mock does it when the fault is added). */
  closeSockets: z.boolean().default(true),
});

/** `maintenance`: 503 + Retry-After on every matching request until the window of `seconds` ends. */
export function registerMaintenance(kinds: FaultKindRegistry): void {
  kinds.set('maintenance', {
    acts: 'error',
    attributes,
    created: (spec, now) => ({ until: new Date(now + (spec.seconds as number) * 1_000).toISOString() }),
    expired: (fault, now) => now >= Date.parse(fault.until as string),
    effect: (fault, now) => {
      const left = Math.max(1, Math.ceil((Date.parse(fault.until as string) - now) / 1_000));
      const retryAfterSeconds = (fault.retryAfterSeconds as number | undefined) ?? left;
      return {
        error: {
          status: 503,
          code: 'service.unavailable',
          message: `The service is down for maintenance. Retry the request in [${retryAfterSeconds}] seconds`,
          retryAfterSeconds,
        },
      };
    },
  });
}
