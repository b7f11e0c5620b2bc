import { waitFor } from '@lab/lab-runner';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/caller.js';
import { HttpStatusError, RateLimitExceededError } from '../../src/errors.js';
import { createRedis, whenReady } from '../../src/redis.js';
import { type ResilienceConfigInput, resilienceConfigSchema } from '../../src/resilience-config.js';
import { createResilientCaller } from '../../src/resilient-caller.js';
import { recorder } from '../recorder.js';
import { type RunningRedis, startRedis } from './redis-fixture.js';

let redis: RunningRedis;
const clients: Redis[] = [];
const callers: Caller[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const caller of callers) await caller.close();
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

/** One replica of a service calling the CRM, with its own Redis connection. */
async function replica(config: ResilienceConfigInput) {
  const client = createRedis(redis.url);
  clients.push(client);
  await whenReady(client);
  const rec = recorder();
  const caller = createResilientCaller({
    dependency: 'crm',
    service: 'svc-it',
    events: rec.events,
    redis: client,
    config: resilienceConfigSchema.parse(config),
  });
  callers.push(caller);
  await caller.ready();
  return { ...rec, caller };
}

describe('resilient caller with Redis (real redis-server)', () => {
  it('shares breaker openings and the org budget between replicas', async () => {
    const config: ResilienceConfigInput = {
      retry: { maxAttempts: 1 },
      breaker: { threshold: 2, halfOpenAfterMs: 30_000 },
      rateLimit: { budgetPerWindow: 3, maxWaitMs: 0, keyPrefix: 'it-caller' },
    };
    const [a, b] = [await replica(config), await replica(config)];
    expect(b.caller.state()).toMatchObject({ breaker: 'closed', rateLimit: 'redis', sharedBreaker: 'shared' });

    const ok = async () => 'ok';
    const results = await Promise.all([
      a.caller.call(ok, { family: 'routing' }),
      a.caller.call(ok, { family: 'routing' }),
      b.caller.call(ok, { family: 'routing' }),
      b.caller.call(ok, { family: 'routing' }).catch((error: unknown) => error),
    ]);
    expect(results.filter((r) => r instanceof RateLimitExceededError)).toHaveLength(1);
    expect([...a.of('call'), ...b.of('call')].filter((e) => e.outcome === 'rejected')).toHaveLength(1);

    const down = () => Promise.reject(new HttpStatusError(503));
    await a.caller.call(down).catch(() => undefined);
    await a.caller.call(down).catch(() => undefined);
    expect(a.caller.state().breaker).toBe('open');
    await waitFor('b isolated', async () => b.caller.state().breaker === 'isolated', {
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    expect(await b.caller.call(ok, { fallback: () => 'later' })).toMatchObject({ value: 'later', source: 'fallback' });
    expect(b.of('fallback')).toEqual([{ type: 'fallback', dependency: 'crm', reason: 'breaker-open' }]);
  });
});
