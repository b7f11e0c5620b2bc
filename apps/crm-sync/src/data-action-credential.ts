import { createHash, timingSafeEqual } from 'node:crypto';
import { BadRequest } from '@lab/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The credential a Genesys Data Action integration is configured with (its "User Defined" credential sends
 * `Authorization: Bearer <token>`): when DATA_ACTION_BEARER_TOKEN is set, a Data Action without that exact token is
 * a 401 in the service's error shape naming the `authorization` header, before anything else is read. Compared in
 * constant time (over digests, so the length does not leak either). Unset (the plain lab's default): no check.
 */
export function dataActionCredentialCheck(token: string | undefined) {
  if (token === undefined) return undefined;
  const expected = digest(`Bearer ${token}`);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const given = request.headers.authorization;
    reply.header('www-authenticate', 'Bearer realm="data-action"');
    if (given === undefined) throw unauthorized('the Authorization header is missing (Bearer <token> expected)');
    if (!timingSafeEqual(digest(given), expected)) {
      throw unauthorized('the Authorization header is not the bearer token this integration is configured with');
    }
    reply.removeHeader('www-authenticate');
  };
}

function unauthorized(message: string): BadRequest {
  return new BadRequest(message, [{ field: 'authorization', message }], 401, 'unauthorized');
}
