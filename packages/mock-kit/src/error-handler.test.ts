import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from './error-handler.js';
import { HttpError } from './http-error.js';

let app = Fastify({ logger: false });
afterEach(() => app.close());

function build() {
  app = Fastify({ logger: false });
  registerErrorHandling(app);
  app.get('/teapot', async () => {
    throw new HttpError(429, 'slow_down', 'Too many', undefined, { 'retry-after': '7' });
  });
  app.get('/boom', async () => {
    throw new Error('secret internals');
  });
  app.post('/echo', async (request) => request.body);
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

  it("answers the framework's 4xx (malformed JSON, wrong media type) naming the body", async () => {
    build();
    const echo = (contentType: string, payload: string) =>
      app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload });
    const malformed = await echo('application/json', '{');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'FST_ERR_CTP_INVALID_JSON_BODY', field: 'body' });
    const media = await echo('text/csv', 'a,b');
    expect(media.statusCode).toBe(415);
    expect(media.json()).toMatchObject({ field: 'body' });
  });

  it('answers anything else 500 without its message, and unknown routes 404 naming the path', async () => {
    build();
    const boom = await app.inject('/boom');
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toEqual({ error: 'internal_error', message: 'The server encountered an internal error' });
    const missing = await app.inject('/nowhere?x=1');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'No route GET /nowhere' });
  });
});
