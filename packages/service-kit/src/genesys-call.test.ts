import { GenesysApiError, type GenesysResponse } from '@lab/genesys-client';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceConfigSchema } from './config.js';
import { createServiceContext } from './context.js';
import { callGenesys } from './genesys-call.js';

// Redis and Genesys unreachable (port 1): the requests below are the test's own, so nothing leaves the process.
const ctx = createServiceContext({
  service: 'svc-test',
  logger: pino({ level: 'silent' }),
  config: serviceConfigSchema.parse({
    SERVICE_PORT: '0',
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { retry: { maxAttempts: 1 }, cache: { ttlMs: 0 } } }),
  }),
});
afterAll(() => ctx.close());

const endpoint = { method: 'GET', path: '/api/v2/users', family: 'users' };
const answer = (body: string[]): GenesysResponse<string[]> => ({
  body,
  status: 200,
  headers: {},
  rateLimit: undefined,
  correlationId: 'corr-1',
});
const unavailable = () => Promise.reject(new GenesysApiError(endpoint, 503, {}, { message: 'down' }));

describe('callGenesys', () => {
  it('resolves the body and where it came from: fresh, then stale with the error, then the fallback', async () => {
    const spec = { name: 'genesys.get_users', family: 'users', cacheKey: 'users' };
    await expect(callGenesys(ctx, spec, async () => answer(['ada']))).resolves.toEqual({
      value: ['ada'],
      source: 'fresh',
    });
    await expect(callGenesys(ctx, spec, unavailable)).resolves.toEqual({
      value: ['ada'],
      source: 'stale',
      lastError: expect.objectContaining({ status: 503 }),
    });
    const withFallback = { ...spec, cacheKey: 'other', fallback: () => [] as string[] };
    await expect(callGenesys(ctx, withFallback, unavailable)).resolves.toMatchObject({
      value: [],
      source: 'fallback',
      lastError: expect.any(GenesysApiError),
    });
  });

  it('rejects when there is no answer at all', async () => {
    await expect(callGenesys(ctx, { name: 'genesys.get_users', family: 'users' }, unavailable)).rejects.toBeInstanceOf(
      GenesysApiError,
    );
  });
});
