import { gzipSync } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';

const JSON_TYPE = 'application/json; charset=utf-8';
/** Below this, gzip saves less than its own header and the work of compressing. */
const MIN_COMPRESSED_BYTES = 1_024;

/**
 * gzip variants of answers sent more than once, keyed by the very Buffer a cache handed out: an answer built afresh
 * per request is never compressed (that would cost far more than it saves), and a variant goes when its cache drops
 * the Buffer. 'seen' marks a Buffer sent once (to any client).
 */
const gzipped = new WeakMap<Buffer, Buffer | 'seen'>();
/** `identity` first: gzip only when the client asks for it (the official SDK's axios sends gzip, deflate, br). */
const encodings = new Negotiator({
  supportedValues: ['identity', 'gzip'],
  // Accept-Encoding is the client's text: the parsed answers are bounded.
  cache: new LRUCache<string, string>({ max: 64 }),
});

/**
 * Sends a serialized JSON answer, gzipped when the client accepts gzip and the same Buffer was sent before (the
 * platform gzips its answers too). The compressed bytes are made once per cached answer, so a repeated request
 * costs the mock neither JSON.stringify nor compression, and writes a fraction of the bytes.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: Buffer): FastifyReply {
  reply.type(JSON_TYPE);
  if (body.length < MIN_COMPRESSED_BYTES) return reply.send(body);
  reply.header('vary', 'accept-encoding');
  const known = gzipped.get(body);
  if (known === undefined) gzipped.set(body, 'seen');
  const accept = request.headers['accept-encoding'];
  if (known === undefined || !accept || encodings.negotiate(accept) !== 'gzip') return reply.send(body);
  let compressed = known;
  if (compressed === 'seen') {
    compressed = gzipSync(body);
    gzipped.set(body, compressed);
  }
  return reply.header('content-encoding', 'gzip').send(compressed);
}
