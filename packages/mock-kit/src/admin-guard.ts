import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-error.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * /__admin is for the lab's tests and scripts: with a token configured every call needs header
 * x-mock-admin-token; without one, only loopback callers are served.
 */
export function checkAdmin(request: FastifyRequest, token: string | undefined): void {
  const allowed = token ? request.headers['x-mock-admin-token'] === token : LOOPBACK.has(request.ip);
  if (!allowed) {
    throw new HttpError(
      403,
      'forbidden',
      token ? 'x-mock-admin-token is missing or wrong' : 'The admin API answers loopback only',
    );
  }
}
