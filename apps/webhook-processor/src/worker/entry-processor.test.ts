import type { ServiceContext } from '@lab/service-kit';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { WebhookMetrics } from '../metrics.js';
import { entryFields, type StreamEntry } from '../queue/streams.js';
import type { WorkItem } from '../work-item.js';
import { EntryProcessor } from './entry-processor.js';

const KEYS = { events: 'webhook:events', dead: 'webhook:dead', group: 'processors' };

/**
 * A Redis that records its round trips: each top-level command is one, and a MULTI is one (ioredis writes MULTI,
 * the queued commands and EXEC in one write and reads the replies together). Every command answers as if it had
 * succeeded; EXISTS finds nothing, so the entry is new.
 */
function recordingRedis() {
  const trips: string[][] = [];
  const line = (name: PropertyKey, args: unknown[]) => [String(name), ...args.map(String)].join(' ');
  const multi = () => {
    const queued: string[] = [];
    const chain: object = new Proxy(
      {},
      {
        get: (_, name) =>
          name === 'exec'
            ? async () => {
                trips.push(queued);
                return queued.map(() => [null, 'OK']);
              }
            : (...args: unknown[]) => {
                queued.push(line(name, args));
                return chain;
              },
      },
    );
    return chain;
  };
  const redis = new Proxy(
    {},
    {
      get: (_, name) =>
        name === 'multi'
          ? multi
          : async (...args: unknown[]) => {
              trips.push([line(name, args)]);
              return name === 'exists' ? 0 : null;
            },
    },
  ) as Redis;
  return { redis, trips };
}

function processorWith(redis: Redis) {
  const internalFetch = vi.fn(async () => new Response(null, { status: 202 }));
  const ctx = {
    logger: pino({ level: 'silent' }),
    redis,
    internalFetch,
    caller: () => ({
      call: async (fn: (signal: AbortSignal) => Promise<unknown>, options?: { signal?: AbortSignal }) => ({
        value: await fn(options?.signal ?? new AbortController().signal),
        source: 'fresh',
      }),
      state: () => ({ mode: 'resilient', dependency: 'notifier', breaker: 'closed' }),
    }),
  } as unknown as ServiceContext;
  const inc = () => ({ inc: vi.fn() });
  const metrics = { processed: inc(), failures: inc(), deliveriesGivenBack: inc() } as unknown as WebhookMetrics;
  const processor = new EntryProcessor({
    ctx,
    keys: KEYS,
    metrics,
    notifierUrl: 'http://notifier.invalid',
    maxDeliveries: 5,
    itemTimeoutMs: 1_000,
    processedTtlSeconds: 604_800,
    consumer: 'me',
    poison: { maxCountedFailures: 10, maxAgeMs: 86_400_000 },
  });
  return { processor, internalFetch };
}

describe('EntryProcessor, a delivered entry', () => {
  it('costs two round trips: the idempotency check, then one MULTI that acknowledges it and sets the last-delivery marker', async () => {
    const { redis, trips } = recordingRedis();
    const { processor, internalFetch } = processorWith(redis);
    // No conversationId: nothing to enrich, so the notifier is the only call besides Redis.
    const item: WorkItem = { eventId: 'e-1', source: 'webhook', topic: 't', payload: {}, receivedAt: 'now' };
    const fields = entryFields(item);
    const entry: StreamEntry = { id: '1700000000000-0', item, raw: { eventId: fields[1]!, item: fields[3]! } };

    const before = Date.now();
    expect(await processor.process(entry, 1)).toBe('processed');

    expect(internalFetch).toHaveBeenCalledTimes(1);
    expect(trips).toHaveLength(2);
    expect(trips[0]).toEqual(['exists webhook:processed:e-1']);
    const [markProcessed, ack, del, forget, lastDelivery] = trips[1] ?? [];
    expect([markProcessed, ack, del, forget]).toEqual([
      'set webhook:processed:e-1 1 EX 604800 NX',
      'xack webhook:events processors 1700000000000-0',
      'xdel webhook:events 1700000000000-0',
      'hdel webhook:events:failures 1700000000000-0',
    ]);
    // The marker the poison rule reads (poison-rule.ts) travels in the same MULTI as the XACK, never on its own.
    expect(lastDelivery).toMatch(/^set webhook:events:last-delivery \d+$/);
    expect(Number(lastDelivery?.split(' ')[2])).toBeGreaterThanOrEqual(before);
    expect(trips[1]).toHaveLength(5);
  });
});
