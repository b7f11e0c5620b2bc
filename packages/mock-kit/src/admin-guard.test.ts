import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAdmin } from './admin-guard.js';
import { registerErrorHandling } from './error-handler.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build(token: string | undefined) {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  app.addHook('onRequest', async (request) => checkAdmin(request, token));
  app.get('/__admin/state', async () => ({ ok: true }));
  return app;
}

describe('checkAdmin', () => {
  it('without a token, serves loopback callers only', async () => {
    build(undefined);
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await app.inject({ url: '/__admin/state', remoteAddress })).statusCode).toBe(200);
    }
    const outside = await app.inject({ url: '/__admin/state', remoteAddress: '203.0.113.3' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toEqual({ error: 'forbidden', message: 'The admin API answers loopback only' });
  });

  it('with a token, requires x-mock-admin-token to match, from loopback too', async () => {
    build('open-sesame');
    const none = await app.inject({ url: '/__admin/state' });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ message: 'x-mock-admin-token is missing or wrong' });
    const wrong = await app.inject({ url: '/__admin/state', headers: { 'x-mock-admin-token': 'open-sesame!' } });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({
      url: '/__admin/state',
      remoteAddress: '203.0.113.3',
      headers: { 'x-mock-admin-token': 'open-sesame' },
    });
    expect(right.statusCode).toBe(200);
  });
});
