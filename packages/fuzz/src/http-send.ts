import { Agent, request } from 'node:http';
import type { FuzzRequest } from './fuzz-request.js';
import type { Send } from './mock-targets.js';

/** Sends fuzz requests over real HTTP to `baseUrl` (one keep-alive agent; no answer within `timeoutMs` fails). */
export function httpTo(baseUrl: string, timeoutMs = 15_000): Send & { close(): void } {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const send = (r: FuzzRequest) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        const req = request(
          {
            host: hostname,
            port,
            method: r.method,
            path: r.url,
            // Node's client frames a GET/HEAD/DELETE body only with an explicit length.
            headers: r.body ? { ...r.headers, 'content-length': String(r.body.length) } : r.headers,
            agent,
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(r.body);
      },
    );
  return Object.assign(send, { close: () => agent.destroy() });
}
