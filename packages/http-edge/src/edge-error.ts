import type { FastifyRequest } from 'fastify';

/**
 * A problem found at the server's edge, before or around a handler: the router (bad URL, too-long parameter,
 * unknown path, wrong method), the body reader (too large, unsupported media type, malformed) or the HTTP parser
 * (timeouts, oversized headers). `field` is the part of the request at fault (`path`, `method`, `body`,
 * `content-type`, `headers`); `limit` the bound it broke, when one did.
 */
export interface EdgeError {
  status: number;
  code: string;
  message: string;
  field: string;
  limit?: { name: string; value: number | string };
  headers?: Record<string, string>;
}

/**
 * How one app writes an EdgeError: the body in its documented error shape, and any headers that shape needs
 * (mock-genesys: `inin-correlation-id`). `request` is absent for errors the HTTP parser raises before a request
 * exists (timeouts, oversized headers).
 */
export type ErrorShape = (
  error: EdgeError,
  request: FastifyRequest | undefined,
) => { body: unknown; headers?: Record<string, string> };
