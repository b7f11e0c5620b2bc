import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type CrmApp } from '../app.js';
import { loadConfig } from '../config.js';

let crm: CrmApp;
afterEach(() => crm?.app.close());
const build = async () => (crm = await buildApp(loadConfig({ CRM_LOG_LEVEL: 'silent' })));

describe('GET /api/customers/:contactId', () => {
  it('answers the seeded customer record', async () => {
    await build();
    const res = await crm.app.inject('/api/customers/contact_42-A');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      contactId: 'contact_42-A',
      name: expect.stringMatching(/^\w+ \w+$/),
      tier: expect.stringMatching(/^(gold|silver|bronze)$/),
      lastActionType: expect.any(String),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await crm.app.inject('/api/customers/contact_42-A')).json()).toEqual(res.json());
  });

  it('answers 400 naming contactId for an id of the wrong shape', async () => {
    await build();
    for (const id of ['has%20space', 'dot.ted', 'x'.repeat(65), '%C3%A9t%C3%A9', '']) {
      const res = await crm.app.inject(`/api/customers/${id}`);
      expect(res.statusCode, id).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad_request', field: 'contactId' });
      expect(res.json().message).toContain('contactId');
    }
    expect((await crm.app.inject(`/api/customers/${'x'.repeat(64)}`)).statusCode).toBe(200);
  });

  it('answers 404 for ids starting with missing-', async () => {
    await build();
    const res = await crm.app.inject('/api/customers/missing-123');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: 'not_found',
      message: 'No customer with contactId missing-123',
      field: 'contactId',
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    await build();
    const res = await crm.app.inject('/api/contacts/1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});
