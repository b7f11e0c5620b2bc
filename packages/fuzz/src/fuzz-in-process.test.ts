import { routesOf } from '@lab/http-edge';
import { buildApp as buildCrm, loadConfig as crmConfig } from '@lab/mock-crm';
import { buildApp as buildGenesys, loadConfig as genesysConfig } from '@lab/mock-genesys';
import { buildApp as buildNotifier, loadConfig as notifierConfig } from '@lab/mock-notifier';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzSettings, fuzzTarget } from './fuzz-run.js';
import { FUZZ_ADMIN_TOKEN, injectInto, mockTarget } from './mock-targets.js';

// The short form runs in the unit suite; FUZZ_RUNS=5000 (and FUZZ_SEED) for the long form.
const settings = fuzzSettings(process.env, 200);
const LIMIT = 65_536;
const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe(`the three mocks in-process, ${settings.numRuns} generated requests each (seed ${settings.seed})`, () => {
  it('mock-genesys: no 5xx, every 4xx in the Genesys body naming the field or limit', async () => {
    const { app, ctx } = await buildGenesys(
      genesysConfig({
        MOCK_LOG_LEVEL: 'silent',
        MOCK_DATA_CONVERSATIONS: '300',
        MOCK_DATA_USERS: '30',
        MOCK_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN,
        MOCK_TOKEN_RATE_LIMIT: '1000000',
        MOCK_ORG_RATE_LIMIT: '1000000',
        MOCK_BODY_LIMIT_BYTES: String(LIMIT),
      }),
    );
    apps.push(app);
    const knownIds = [
      ...ctx.data.businessUnits.map((b) => b.id),
      ...ctx.data.queues.slice(0, 2).map((q) => q.id),
      ...ctx.data.users.slice(0, 2).map((u) => u.id),
      ...ctx.data.conversations.slice(0, 2).map((c) => c.conversationId),
    ];
    const target = await mockTarget({
      name: 'mock-genesys',
      kind: 'genesys',
      routes: routesOf(app),
      send: injectInto(app),
      bodyLimit: LIMIT,
      knownIds,
    });
    const stats = await fuzzTarget(target, settings);
    console.log(JSON.stringify(stats));
    expect(stats.failure).toBeUndefined();
    expect(stats.requests).toBeGreaterThanOrEqual(settings.numRuns);
  }, 120_000);

  it('mock-crm and mock-notifier: no 5xx, every 4xx in {error, message, field} naming the field or limit', async () => {
    const crm = await buildCrm(crmConfig({ CRM_LOG_LEVEL: 'silent', CRM_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN }));
    const notifier = await buildNotifier(
      notifierConfig({
        NOTIFIER_LOG_LEVEL: 'silent',
        NOTIFIER_ADMIN_TOKEN: FUZZ_ADMIN_TOKEN,
        NOTIFIER_BODY_LIMIT_BYTES: String(LIMIT),
      }),
    );
    apps.push(crm.app, notifier.app);
    for (const [name, app, limit] of [
      ['mock-crm', crm.app, 1_048_576],
      ['mock-notifier', notifier.app, LIMIT],
    ] as const) {
      const target = await mockTarget({
        name,
        kind: 'mock',
        routes: routesOf(app),
        send: injectInto(app),
        bodyLimit: limit,
        knownIds: ['c-1', 'cust_42'],
      });
      const stats = await fuzzTarget(target, settings);
      console.log(JSON.stringify(stats));
      expect(stats.failure, name).toBeUndefined();
      expect(stats.requests, name).toBeGreaterThanOrEqual(settings.numRuns);
    }
  }, 120_000);
});
