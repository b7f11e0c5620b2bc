import { createRedis, whenReady } from '@lab/resilience';
import { loadConfig, redisTlsOptions, tlsMaterial } from '@lab/service-kit';
import { webhookProcessorConfigSchema } from './config.js';
import { DeadLetters } from './queue/dead-letters.js';

const USAGE = `usage: dead-letters list [--limit N] | replay <id...>|--all | purge <id...>|--all
  Reads REDIS_URL, EVENTS_STREAM, DEAD_LETTER_STREAM as webhook-processor does (defaults: the lab's).
  list: one JSON line per dead letter, oldest first. replay: queues each again with its eventId (the notifier's
  Idempotency-Key), and removes it from the dead letters. purge: deletes them.`;

/** `dead-letters <command>`: prints JSON lines; exit 0 done, 2 usage, 1 failure (the message on stderr). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const all = rest.includes('--all');
  const ids = rest.filter((a) => !a.startsWith('--'));
  const limitAt = rest.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 100;
  const usage = (why: string) => {
    console.error(`${why}\n${USAGE}`);
    return 2;
  };
  if (command !== 'list' && command !== 'replay' && command !== 'purge') return usage(`unknown command: ${command}`);
  if (command === 'list' && (!Number.isInteger(limit) || limit < 1)) return usage('--limit must be a whole number ≥ 1');
  if (command !== 'list' && all === ids.length > 0) return usage(`${command}: give dead-letter ids or --all`);

  const config = loadConfig(webhookProcessorConfigSchema, env);
  const redis = createRedis(config.REDIS_URL, () => {}, {}, redisTlsOptions(config.REDIS_URL, tlsMaterial(config)));
  try {
    if (!(await whenReady(redis, 5_000))) throw new Error(`redis at ${config.REDIS_URL} does not answer`);
    const letters = new DeadLetters(redis, {
      events: config.EVENTS_STREAM,
      dead: config.DEAD_LETTER_STREAM,
      group: config.CONSUMER_GROUP,
    });
    if (command === 'list') {
      for (const { fields: _, ...letter } of await letters.list(limit)) console.log(JSON.stringify(letter));
    } else if (command === 'replay') {
      for (const replayed of await letters.replay(all ? 'all' : ids)) console.log(JSON.stringify(replayed));
    } else {
      console.log(JSON.stringify({ purged: await letters.purge(all ? 'all' : ids) }));
    }
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  } finally {
    redis.disconnect();
  }
}
