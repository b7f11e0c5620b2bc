import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { edgeServerOptions, registerEdge } from './edge.js';
import type { ErrorShape } from './edge-error.js';

const shape: ErrorShape = (error) => ({ body: { error: error.code, field: error.field, limit: error.limit } });
const BOUNDS = {
  HTTP_HEADERS_TIMEOUT_MS: 300,
  HTTP_REQUEST_TIMEOUT_MS: 600,
  HTTP_KEEP_ALIVE_TIMEOUT_MS: 300,
  HTTP_IDLE_TIMEOUT_MS: 5_000,
  HTTP_TIMEOUT_CHECK_MS: 100,
};

let app: FastifyInstance;
afterEach(() => app?.close());

async function listen(): Promise<number> {
  app = Fastify({ ...edgeServerOptions(shape, BOUNDS), logger: false });
  registerEdge(app, shape);
  app.post('/in', async (request) => ({ got: request.body }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Writes `text` and resolves with what the server sent and how long until it closed the socket. */
function stall(port: number, text: string): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
  });
}

// Each stall is closed by the server itself (the promise resolves on 'close'); the test's own timeout is the
// outer bound. The figures asserted are the configured bound plus Node's check interval, with slack for a busy
// machine: a server without these timeouts would hold the socket until the test times out.
describe('slow clients are cut off within the configured bounds', () => {
  it('a body that never finishes: 408 in the app shape naming the limit, then the socket closes', async () => {
    const port = await listen();
    const { answer, closedAfterMs } = await stall(
      port,
      'POST /in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"error":"request_timeout"');
    expect(answer).toContain('"limit":{"name":"requestTimeoutMs","value":600}');
    expect(closedAfterMs).toBeLessThan(600 + 100 + 2_000);
  }, 10_000);

  it('headers that never finish are cut off too', async () => {
    const port = await listen();
    const { closedAfterMs } = await stall(port, 'POST /in HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(closedAfterMs).toBeLessThan(300 + 100 + 2_000);
  }, 10_000);

  it('an idle keep-alive connection is closed after its answer', async () => {
    const port = await listen();
    const { answer, closedAfterMs } = await stall(
      port,
      'POST /in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(closedAfterMs).toBeLessThan(300 + 2_000);
  }, 10_000);
});
