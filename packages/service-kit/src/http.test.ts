import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig, serviceConfigShape } from './config.js';
import { createServiceContext, type ServiceContext } from './context.js';
import { createServiceHttp } from './http.js';
import { BadRequest } from './validation.js';

// The service HTTP stack with Redis deliberately unreachable: only the edge is under test here.
let ctx: ServiceContext;
let app: ReturnType<typeof createServiceHttp>;
beforeAll(async () => {
  const config = loadConfig(z.object(serviceConfigShape), {
    SERVICE_PORT: '0',
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
  });
  ctx = createServiceContext({ service: 'http-test', config, logger: pino({ level: 'silent' }) });
  app = createServiceHttp(ctx);
  app.post('/things/:id', async () => {
    throw new BadRequest('no', [{ field: 'id', message: 'bad id' }]);
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

const shape = { error: expect.any(String), message: expect.any(String), details: expect.any(Array) };
const fields = (res: { json(): { details: { field: string }[] } }) => res.json().details.map((d) => d.field);

describe('createServiceHttp: every edge error in {error, message, details[{field}]}', () => {
  it('a malformed URL 400 and a too-long parameter 414, naming the path', async () => {
    const bad = await app.inject({ method: 'POST', url: '/things/%ZZ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject(shape);
    expect(fields(bad)).toEqual(['path']);
    const long = await app.inject({ method: 'POST', url: `/things/${'x'.repeat(1_001)}` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({
      error: 'uri_too_long',
      details: [{ field: 'path', message: 'maxParamLength: 1000' }],
    });
  });

  it('a wrong method on a known path 405 + Allow; an unknown path 404 naming it', async () => {
    const wrong = await app.inject({ method: 'GET', url: '/things/1' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(fields(wrong)).toEqual(['method']);
    const health = await app.inject({ method: 'PUT', url: '/healthz' });
    expect(health.headers.allow).toBe('GET, HEAD');
    const missing = await app.inject('/nothing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found', details: [{ field: 'path' }] });
  });

  it('413 names the body limit, 415 the accepted media types, malformed JSON the body', async () => {
    const post = (contentType: string, payload: string) =>
      app.inject({ method: 'POST', url: '/things/1', headers: { 'content-type': contentType }, payload });
    const large = await post('application/json', JSON.stringify({ pad: 'x'.repeat(300 * 1024) }));
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({
      error: 'payload_too_large',
      details: [{ field: 'body', message: 'bodyLimitBytes: 262144' }],
    });
    const media = await post('application/xml', '<a/>');
    expect(media.statusCode).toBe(415);
    expect(fields(media)).toEqual(['content-type']);
    expect(media.json().message).toContain('application/json');
    const malformed = await post('application/json', '{');
    expect(malformed.statusCode).toBe(400);
    expect(fields(malformed)).toEqual(['body']);
  });
});
