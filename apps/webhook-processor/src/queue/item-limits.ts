import type { WorkItem } from '../work-item.js';

/** What the queue takes: how deep an event's payload may nest, and how large its stored entry may be. */
export interface ItemLimits {
  /** Nesting of objects and arrays in `payload` (a flat object is depth 1). */
  maxPayloadDepth: number;
  /** UTF-8 bytes of the item as stored in the stream entry (its JSON). */
  maxItemBytes: number;
}

/**
 * The event itself cannot be queued, and never will be: a client's mistake, not an outage. The webhook route
 * answers 400 (`too_deep`) or 413 (`too_large`) naming the limit; the notification path dead-letters the event.
 */
export class UnqueueableItemError extends Error {
  constructor(
    readonly kind: 'too_deep' | 'too_large',
    readonly limit: number,
    message: string,
  ) {
    super(message);
    this.name = 'UnqueueableItemError';
  }
}

/**
 * The item as the stream stores it (its JSON), or UnqueueableItemError. The depth is measured without recursion
 * before JSON.stringify runs, whose recursion a deeply nested payload would overflow (a RangeError that used to
 * surface as "redis unreachable" and a 503).
 */
export function serializeItem(item: WorkItem, limits: ItemLimits): string {
  const depth = payloadDepth(item.payload, limits.maxPayloadDepth);
  if (depth > limits.maxPayloadDepth) {
    throw new UnqueueableItemError(
      'too_deep',
      limits.maxPayloadDepth,
      `payload nests deeper than ${limits.maxPayloadDepth} levels (the queue's limit)`,
    );
  }
  const json = JSON.stringify(item);
  const bytes = Buffer.byteLength(json);
  if (bytes > limits.maxItemBytes) {
    throw new UnqueueableItemError(
      'too_large',
      limits.maxItemBytes,
      `event is ${bytes} bytes as queued; the queue takes at most ${limits.maxItemBytes}`,
    );
  }
  return json;
}

/** Nesting depth of `value`, counted iteratively; stops counting once past `stopAbove`. */
export function payloadDepth(value: unknown, stopAbove: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
