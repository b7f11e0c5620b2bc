import { z } from 'zod';
import type { FaultKindRegistry } from './fault-kind.js';

const attributes = z.object({
  delayMs: z.number().int().min(1).max(600_000),
  /** Extra random delay in [0, jitterMs). */
  jitterMs: z.number().int().min(0).max(600_000).default(0),
});

/** `slow`: wait delayMs (plus jitter) before answering a share of matching requests. Several add up. */
export function registerSlow(kinds: FaultKindRegistry): void {
  kinds.set('slow', {
    acts: 'delay',
    attributes,
    effect: (fault, _now, draw) => ({
      delayMs: (fault.delayMs as number) + Math.floor(draw() * (fault.jitterMs as number)),
    }),
  });
}
