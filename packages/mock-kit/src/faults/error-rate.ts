import { z } from 'zod';
import type { FaultKindRegistry } from './fault-kind.js';

const attributes = z.object({
  status: z.number().int().min(400).max(599).default(503),
  /** Sent as Retry-After. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
});

/**
 * `error-rate`: answer a share of matching requests with `status`. A mock with more to say about the error (e.g.
 * when it is answered) passes the extra attributes, which each fault then carries.
 */
export function registerErrorRate(kinds: FaultKindRegistry, extra: z.ZodRawShape = {}): void {
  kinds.set('error-rate', {
    acts: 'error',
    attributes: attributes.extend(extra),
    effect: (fault) => {
      const status = fault.status as number;
      const retryAfterSeconds = fault.retryAfterSeconds as number | undefined;
      return {
        error: {
          status,
          message: `Injected fault: status ${status} (fault ${fault.id})`,
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
        },
      };
    },
  });
}
