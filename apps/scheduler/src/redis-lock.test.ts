import { Writable } from 'node:stream';
import { createRedis } from '@lab/resilience';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisLock } from './redis-lock.js';

// Redis deliberately unreachable: the lock must fall back to in-process only, at once, and say so once. Acquire,
// overlap and compare-and-delete against a real redis-server: test/integration/redis-lock.test.ts.
const redis = createRedis('redis://127.0.0.1:1');
afterAll(() => redis.disconnect());

function memoryLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('RedisLock without Redis', () => {
  it('grants a local lock and logs the switch once', async () => {
    const { lines, logger } = memoryLogger();
    const lock = new RedisLock({ redis, logger, readyWaitMs: 200 });
    const first = await lock.acquire('wfm-schedules', 60_000);
    expect(first).toMatchObject({ mode: 'local', key: 'scheduler:lock:wfm-schedules' });
    if (first.mode !== 'local') throw new Error('expected a local lock');
    await first.release();
    // A second holder is granted too: without Redis only the in-process single flight guards the job.
    await expect(lock.acquire('wfm-schedules', 60_000)).resolves.toMatchObject({ mode: 'local' });
    await new Promise((resolve) => setImmediate(resolve));
    const warnings = lines.filter((l) => l.msg.startsWith('redis unreachable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
  });
});
