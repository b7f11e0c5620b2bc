import { buildApp as buildCrm, loadConfig as loadCrmConfig } from '@lab/mock-crm';
import { loadConfig } from '@lab/service-kit';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type CrmSyncApp } from './app.js';
import { crmSyncConfigSchema } from './config.js';

// crm-sync with the credential its Data Action integration is configured with (the mTLS profile's ingress is open
// to anyone who can reach it: the bearer token is what Genesys proves itself with).
const TOKEN = 'a-data-action-token-for-tests';
const ACTION = '/api/v1/dataactions/customer-enrichment';
let crm: FastifyInstance;
let sync: CrmSyncApp;

beforeAll(async () => {
  crm = (await buildCrm(loadCrmConfig({ CRM_LOG_LEVEL: 'silent' }))).app;
  const crmUrl = await crm.listen({ host: '127.0.0.1', port: 0 });
  const config = loadConfig(crmSyncConfigSchema, {
    SERVICE_PORT: '0',
    CRM_URL: crmUrl,
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    DATA_ACTION_BEARER_TOKEN: TOKEN,
  });
  sync = await buildApp(config, { logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await sync?.app.close();
  await sync?.ctx.close();
  await crm?.close();
});

const enrich = (headers: Record<string, string>) =>
  sync.app.inject({ method: 'POST', url: ACTION, headers, payload: { contactId: 'c-100' } });

describe('the Data Action credential (DATA_ACTION_BEARER_TOKEN)', () => {
  it('answers with the bearer token', async () => {
    const res = await enrich({ authorization: `Bearer ${TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it.each([
    ['missing', {}, 'missing'],
    ['another token', { authorization: 'Bearer another-token-of-the-same-form' }, 'not the bearer token'],
    ['basic instead', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, 'not the bearer'],
  ])('is a 401 naming the authorization header when it is %s', async (_what, headers, says) => {
    const res = await enrich(headers);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    const body = res.json();
    expect(body).toMatchObject({ error: 'unauthorized', details: [{ field: 'authorization' }] });
    expect(body.message).toContain(says);
  });

  it('rejects a token too short to be one at boot, naming the variable', () => {
    expect(() =>
      loadConfig(crmSyncConfigSchema, {
        SERVICE_PORT: '0',
        GENESYS_URL: 'http://127.0.0.1:1',
        DATA_ACTION_BEARER_TOKEN: 'short',
      }),
    ).toThrow(/DATA_ACTION_BEARER_TOKEN/);
  });
});
