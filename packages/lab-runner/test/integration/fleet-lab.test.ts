import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scrapeMetrics, sumOf } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseReplicas, type RunningFleet, startFleet } from '../../src/fleet.js';

// A fleet of two crm-sync replicas behind Debian's HAProxy on crm-sync's usual port, with Prometheus: callers use one
// URL, both replicas serve, Prometheus scrapes each, and a killed replica leaves the rotation.
let fleet: RunningFleet;

beforeAll(async () => {
  fleet = await startFleet({
    services: ['crm-sync'],
    prometheus: true,
    replicas: parseReplicas('crm-sync=2'),
    env: { 'crm-sync': { LOG_LEVEL: 'warn' } },
  });
}, 120_000);
afterAll(async () => {
  await fleet?.stop();
});

const action = async (url: string) =>
  (
    await fetch(`${url}/api/v1/dataactions/customer-enrichment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactId: 'c-5' }),
      signal: AbortSignal.timeout(5_000),
    })
  ).status;
/** CRM calls a replica made: each Data Action it served is one. */
const served = async (url: string) =>
  sumOf(await scrapeMetrics(`${url}/metrics`), 'lab_dependency_calls_total', { dependency: 'crm' });

describe('a fleet in the native lab', () => {
  it('parses LAB_REPLICAS and refuses what is not a service', () => {
    expect(parseReplicas('crm-sync=3, webhook-processor=2')).toEqual({ 'crm-sync': 3, 'webhook-processor': 2 });
    expect(() => parseReplicas('mock-crm=2')).toThrow(/mock-crm is not a service/);
    expect(() => parseReplicas('crm-sync=0')).toThrow(/between 1 and 10/);
    expect(() => parseReplicas('crm-sync')).toThrow(/<service>=<count>/);
  });

  it('serves through HAProxy on the usual port from both replicas, scraped apart, and survives a killed one', async () => {
    const front = fleet.frontUrl('crm-sync');
    expect(fleet.instances.map((i) => i.instance)).toEqual(['crm-sync', 'crm-sync-2']);
    expect(new Set(fleet.instances.map((i) => i.url)).size).toBe(2);
    expect(fleet.instances.map((i) => i.url)).not.toContain(front);
    for (let i = 0; i < 20; i++) expect(await action(front)).toBe(200);
    for (const { url } of fleet.instances) expect(await served(url), url).toBeGreaterThan(0);

    const prometheus = `http://127.0.0.1:${fleet.topology.infra.prometheus.port}`;
    await vi.waitFor(
      async () => {
        const r = await fetch(`${prometheus}/api/v1/targets?state=active`);
        const body = (await r.json()) as {
          data: { activeTargets: { labels: { instance: string }; health: string }[] };
        };
        const up = body.data.activeTargets.filter((t) => t.health === 'up').map((t) => t.labels.instance);
        expect(up).toEqual(expect.arrayContaining(['crm-sync', 'crm-sync-2']));
      },
      { timeout: 30_000, interval: 500 },
    );
    const recorded = JSON.parse(readFileSync(join(fleet.stateDir, 'fleet.json'), 'utf8'));
    expect(recorded.instances).toHaveLength(2);

    await fleet.app('crm-sync-2').kill();
    for (let i = 0; i < 10; i++) expect(await action(front)).toBe(200);
  });
});
