import { scrapeMetrics, sumOf } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';
import { mockConversationIds } from '../../src/mock-genesys.js';

// crm-sync under a load of Data Actions that look conversations up in Genesys, with every token expired half-way
// (so 401 re-attempts and a token request happen): the platform's count of crm-sync's requests (the mock's
// per-client counter: crm-sync has its own OAuth client) and crm-sync's own count of the budget it took agree.
let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab({
    services: ['crm-sync'],
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn' },
      // no cache: every Data Action with a conversationId asks Genesys
      'crm-sync': { LOG_LEVEL: 'warn', RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { cache: { ttlMs: 0 } } }) },
    },
  });
}, 120_000);
afterAll(async () => {
  await lab?.stop();
});

async function action(conversationId: string) {
  const r = await fetch(`${lab.url('crm-sync')}/api/v1/dataactions/customer-enrichment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contactId: 'c-7', conversationId }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await r.json()) as { metadata: { conversationLookup: string } };
}

const platformCount = async () =>
  sumOf(await scrapeMetrics(`${lab.url('mock-genesys')}/metrics`), 'mock_genesys_requests_total', {
    client: 'crm-sync',
  });
const budgetTaken = async () =>
  sumOf(await scrapeMetrics(`${lab.url('crm-sync')}/metrics`), 'lab_ratelimit_budget_taken_total');

describe("the services' budget and the platform's count", () => {
  it('agree within a few requests after a load with a token expiry (401 re-attempts and token requests count)', async () => {
    const ids = await mockConversationIds(lab.url('mock-genesys'), 20);
    const run = async (rounds: number) => {
      const lookups: string[] = [];
      for (let r = 0; r < rounds; r++)
        lookups.push(...(await Promise.all(ids.map(async (id) => (await action(id)).metadata.conversationLookup))));
      return lookups;
    };
    const first = await run(3);
    const expired = (await (
      await fetch(`${lab.url('mock-genesys')}/__admin/tokens/expire`, { method: 'POST' })
    ).json()) as { expired: number };
    expect(expired.expired).toBeGreaterThan(0);
    const second = await run(3);
    expect([...first, ...second].filter((l) => l === 'ok').length).toBeGreaterThan(100);

    const log = await (await fetch(`${lab.url('mock-genesys')}/__admin/requests?client=crm-sync`)).json();
    const statuses = (log as { requests: { status: number; route: string }[] }).requests;
    expect(
      statuses.some((q) => q.status === 401),
      'a 401 re-attempt happened',
    ).toBe(true);
    expect(statuses.filter((q) => q.route === '/oauth/token').length, 'token requests').toBeGreaterThanOrEqual(2);

    await vi.waitFor(
      async () => {
        const [platform, taken] = [await platformCount(), await budgetTaken()];
        console.log(`budget agreement: platform counted ${platform} crm-sync requests, crm-sync took ${taken}`);
        expect(Math.abs(platform - taken)).toBeLessThanOrEqual(3);
      },
      { timeout: 10_000, interval: 500 },
    );
  });
});
