import { mockAdmin } from '@lab/lab-client';
import { Redis } from 'ioredis';
import type { LoadResult } from '../actions/load.js';

export interface WebhookOutcomes {
  accepted: number;
  delivered: number;
  deadLettered: number;
  /** Accepted, yet neither delivered nor dead-lettered: lost (or still on their way when the wait ran out). */
  missing: number;
  missingIds: string[];
}

/** The eventIds in a dead-letter stream (each entry keeps the original `eventId` field). */
async function deadLetteredIds(redisUrl: string, stream: string): Promise<Set<string>> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  try {
    await redis.connect();
    const entries = await redis.xrange(stream, '-', '+');
    const ids = new Set<string>();
    for (const [, fields] of entries) {
      const at = fields.indexOf('eventId');
      if (at >= 0 && at % 2 === 0 && fields[at + 1]) ids.add(fields[at + 1] as string);
    }
    return ids;
  } finally {
    redis.disconnect();
  }
}

/** Every event the load had accepted (2xx), set against the notifier's deliveries and the dead-letter stream. */
export async function webhookOutcomes(
  load: LoadResult,
  options: { notifierUrl: string; redisUrl: string; deadLetterStream: string },
): Promise<WebhookOutcomes> {
  const accepted = load.samples.filter((s) => s.ok && s.id).map((s) => s.id as string);
  const { byEventId } = await mockAdmin(options.notifierUrl).deliveries();
  const dead = await deadLetteredIds(options.redisUrl, options.deadLetterStream);
  let delivered = 0;
  let deadLettered = 0;
  const missingIds: string[] = [];
  for (const id of accepted) {
    if (byEventId[id]) delivered++;
    else if (dead.has(id)) deadLettered++;
    else missingIds.push(id);
  }
  return {
    accepted: accepted.length,
    delivered,
    deadLettered,
    missing: missingIds.length,
    missingIds: missingIds.slice(0, 20),
  };
}
