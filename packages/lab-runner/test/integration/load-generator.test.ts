import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_GENERATORS, runLoad } from '../../src/load-generator.js';

/** What the server saw of the last request, and how many it answered. */
interface Seen {
  method?: string;
  headers?: IncomingMessage['headers'];
  body?: string;
  count: number;
}

let server: Server;
let url: string;
const seen: Seen = { count: 0 };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.method = request.method;
      seen.headers = request.headers;
      seen.body = Buffer.concat(chunks).toString('utf8');
      seen.count++;
      // /fail answers 503: the generators must count it as a non-2xx answer, not as a success.
      response.writeHead(request.url === '/fail' ? 503 : 200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// A body with what a naive escaping would break: quotes, a backslash, a newline, a control byte, non-ASCII text.
const body = 'a "quoted" \\ back\nslash\u0001\r\t é ü 中 ]]';

describe.each(LOAD_GENERATORS)('runLoad with %s', (generator) => {
  it('sends the method, headers and body exactly, and counts what the server answered', async () => {
    const before = seen.count;
    const result = await runLoad(
      generator,
      { url: `${url}/ok`, method: 'POST', headers: { 'content-type': 'application/json', 'x-lab': 'v"1' }, body },
      { connections: 2, seconds: 1 },
    );
    expect(seen.method).toBe('POST');
    expect(seen.headers?.['x-lab']).toBe('v"1');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.body).toBe(body);
    // Every answer it counted was served here (a connection cut at the end may leave one the server saw unanswered).
    const served = seen.count - before;
    expect(result.requests).toBeGreaterThan(10);
    expect(result.requests).toBeLessThanOrEqual(served);
    expect(result.rps).toBeGreaterThan(0);
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.clientCpuUs).toBeGreaterThan(0);
    // autocannon reports latency in whole milliseconds, so a fast local server's p99 can be 0; wrk's is in µs.
    if (generator === 'wrk') expect(result.p99Ms).toBeGreaterThan(0);
    else expect(Number.isInteger(result.p99Ms) && result.p99Ms >= 0).toBe(true);
  });

  it('counts 5xx answers as non-2xx', async () => {
    const result = await runLoad(
      generator,
      { url: `${url}/fail`, method: 'GET', headers: {} },
      { connections: 1, seconds: 1 },
    );
    expect(seen.method).toBe('GET');
    expect(result.requests).toBeGreaterThan(0);
    expect(result.non2xx).toBe(result.requests);
  });
});

it('runs wrk on the CPUs it is given', async () => {
  const result = await runLoad(
    'wrk',
    { url: `${url}/ok`, method: 'GET', headers: {} },
    { connections: 1, seconds: 1, cpus: '0' },
  );
  expect(result.requests).toBeGreaterThan(0);
  await expect(
    runLoad('wrk', { url: `${url}/ok`, method: 'GET', headers: {} }, { connections: 1, seconds: 1, cpus: '4096' }),
  ).rejects.toThrow(/wrk failed/);
});
