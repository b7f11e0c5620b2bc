import { edgeServerOptions } from '@lab/http-edge';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { mockErrorShape, registerErrorHandling } from './error-handler.js';
import { HttpError } from './http-error.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build() {
  app = Fastify({ ...edgeServerOptions(mockErrorShape), logger: false, bodyLimit: 1_024 });
  registerErrorHandling(app);
  app.get('/teapot', async () => {
    throw new HttpError(429, 'slow_down', 'Too many', undefined, { 'retry-after': '7' });
  });
  app.get('/boom', async () => {
    throw new Error('secret internals');
  });
  app.post('/echo', async (request) => request.body);
  app.get('/items/:id', async (request) => request.params);
  return app;
}

describe('registerErrorHandling', () => {
  it('answers an HttpError with its status, headers and body', async () => {
    const res = await build().inject('/teapot');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ error: 'slow_down', message: 'Too many' });
  });

  it("answers the framework's 4xx naming the field and the limit: malformed JSON, media type, body size", async () => {
    build();
    const echo = (contentType: string, payload: string) =>
      app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload });
    const malformed = await echo('application/json', '{');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'bad_request', field: 'body' });
    const media = await echo('text/csv', 'a,b');
    expect(media.statusCode).toBe(415);
    expect(media.json()).toMatchObject({ error: 'unsupported_media_type', field: 'content-type' });
    expect(media.json().message).toContain('application/json');
    const large = await echo('application/json', JSON.stringify({ a: 'x'.repeat(2_000) }));
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ error: 'payload_too_large', field: 'body' });
    expect(large.json().message).toContain('1024 bytes');
  });

  it('answers router errors in the same shape: a malformed URL 400, a too-long parameter 414', async () => {
    build();
    const bad = await app.inject('/items/%ZZ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_request', field: 'path' });
    const long = await app.inject(`/items/${'a'.repeat(1_001)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ error: 'uri_too_long', field: 'path' });
    expect(long.json().message).toContain('1000');
  });

  it('answers a wrong method on a known path 405 with Allow, and an unknown path 404 naming the path', async () => {
    build();
    const wrong = await app.inject({ method: 'DELETE', url: '/items/7?x=1' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    expect(wrong.json()).toMatchObject({ error: 'method_not_allowed', field: 'method' });
    const missing = await app.inject('/nowhere?x=1');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'No route GET /nowhere', field: 'path' });
  });

  it('answers anything else 500 without its message', async () => {
    build();
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ error: 'internal_error', message: 'The server encountered an internal error' });
  });
});
