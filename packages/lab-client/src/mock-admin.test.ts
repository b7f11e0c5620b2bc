import { buildApp as buildCrm, loadConfig as crmConfig } from '@lab/mock-crm';
import { buildApp as buildNotifier, loadConfig as notifierConfig } from '@lab/mock-notifier';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AdminError } from './admin-error.js';
import { mockAdmin } from './mock-admin.js';
import { sumOf } from './prometheus-text.js';

const running: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

/** A real mock listening on a free loopback port. */
async function listen(app: FastifyInstance): Promise<string> {
  running.push(app);
  return app.listen({ host: '127.0.0.1', port: 0 });
}
const crm = async () => listen((await buildCrm(crmConfig({ CRM_LOG_LEVEL: 'silent' }))).app);

describe('mockAdmin against a listening mock-crm', () => {
  it('adds, lists and removes faults, which the API then answers', async () => {
    const url = await crm();
    const admin = mockAdmin(`${url}/`);
    const fault = await admin.addFault({ type: 'error-rate', status: 502, count: 1 });
    expect(fault).toMatchObject({ id: expect.any(String), type: 'error-rate', rate: 1, status: 502, remaining: 1 });
    expect(await admin.listFaults()).toEqual([fault]);
    expect((await fetch(`${url}/api/customers/c1`)).status).toBe(502);
    expect(await admin.listFaults()).toEqual([]);

    const slow = await admin.addFault({ type: 'slow', delayMs: 1, target: { route: '/api/customers/:contactId' } });
    await admin.removeFault(slow.id);
    expect(await admin.listFaults()).toEqual([]);
  });

  it('throws an AdminError with the status and the body naming the field', async () => {
    const admin = mockAdmin(await crm());
    const gone = await admin.removeFault('slow-404').catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(AdminError);
    expect(gone).toMatchObject({ status: 404, body: { field: 'id' }, call: 'DELETE /__admin/faults/slow-404' });
    const unknown = await admin.addFault({ type: 'maintenance', seconds: 1 }).catch((error: unknown) => error);
    expect(unknown).toMatchObject({ status: 400, body: { error: 'bad_request', field: 'type' } });
  });

  it('reads the request log with its filters, the state and the counters, and reset clears the log', async () => {
    const url = await crm();
    const admin = mockAdmin(url);
    await fetch(`${url}/api/customers/c1`, { headers: { 'idempotency-key': 'k-1' } });
    await fetch(`${url}/api/customers/missing-1`);
    const logged = await admin.requests({ route: '/api/customers/:contactId' });
    expect(logged.map((r) => [r.path, r.status, r.headers])).toEqual([
      ['/api/customers/c1', 200, { 'idempotency-key': 'k-1' }],
      ['/api/customers/missing-1', 404, undefined],
    ]);
    expect(await admin.requests({ since: Date.now() + 60_000 })).toEqual([]);
    expect(await admin.state()).toMatchObject({ seed: 42, faults: [] });
    const samples = await admin.metrics();
    expect(sumOf(samples, 'mock_crm_requests_total')).toBe(2);
    expect(sumOf(samples, 'mock_crm_requests_total', { status: '404' })).toBe(1);
    expect(await admin.reset(5)).toEqual({ reset: true, faultSeed: 5 });
    expect(await admin.requests()).toEqual([]);
  });
});

describe('mockAdmin with an admin token', () => {
  it('sends x-mock-admin-token, and without it the mock refuses', async () => {
    const config = notifierConfig({ NOTIFIER_LOG_LEVEL: 'silent', NOTIFIER_ADMIN_TOKEN: 'token-for-tests' });
    const url = await listen((await buildNotifier(config)).app);
    expect(await mockAdmin(url, { token: 'token-for-tests' }).listFaults()).toEqual([]);
    await expect(mockAdmin(url).listFaults()).rejects.toMatchObject({ status: 403 });
  });
});

describe('mockAdmin.deliveries against a listening mock-notifier', () => {
  it('lists every eventId delivered, with how often, and the effects apart', async () => {
    const url = await listen((await buildNotifier(notifierConfig({ NOTIFIER_LOG_LEVEL: 'silent' }))).app);
    const send = (eventId: string) =>
      fetch(`${url}/api/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventId, topic: 't', payload: {} }),
      });
    for (const id of ['a', 'b', 'a']) expect((await send(id)).status).toBe(202);
    // No Idempotency-Key: the repeat of a is a second effect too.
    expect(await mockAdmin(url).deliveries()).toEqual({
      total: 3,
      unique: 2,
      duplicates: 1,
      effects: 3,
      duplicateEffects: 1,
      byEventId: { a: 2, b: 1 },
      effectsByEventId: { a: 2, b: 1 },
    });
  });
});
