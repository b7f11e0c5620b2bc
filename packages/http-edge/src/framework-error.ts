import type { FastifyError, FastifyRequest } from 'fastify';
import type { EdgeError } from './edge-error.js';

/** Media types a lab server may parse; a 415 names those the route's scope has a parser for. */
const KNOWN_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] as const;

/** The media types the scope that would have served `request` parses (for the 415's message). */
export function acceptedMediaTypes(request: FastifyRequest): string[] {
  return KNOWN_MEDIA_TYPES.filter((type) => request.server.hasContentTypeParser(type));
}

/**
 * Fastify's own 4xx errors (thrown by the body reader and the content-type parsers) as EdgeErrors that name the
 * field and the limit: 413 names the body limit in bytes, 415 the accepted media types. Anything else 4xx keeps
 * its status and Fastify's sentence, on field `body` (where the framework looks before a handler runs).
 */
export function frameworkEdgeError(error: FastifyError, request: FastifyRequest): EdgeError {
  const status = error.statusCode ?? 400;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0;
      return {
        status: 413,
        code: 'payload_too_large',
        message: `The request body is larger than the limit of ${limit} bytes`,
        field: 'body',
        limit: { name: 'bodyLimitBytes', value: limit },
      };
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE': {
      const accepted = acceptedMediaTypes(request);
      const given = request.headers['content-type'] ?? '(none)';
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: `Unsupported Content-Type ${given}; this route accepts ${accepted.join(', ') || 'no body'}`,
        field: 'content-type',
        limit: { name: 'acceptedMediaTypes', value: accepted.join(', ') },
      };
    }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'bad_request', message: error.message, field: 'content-length' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'bad_request', message: error.message, field: 'body' };
    default:
      return {
        status: status >= 400 && status < 500 ? status : 400,
        code: 'bad_request',
        message: error.message,
        field: 'body',
      };
  }
}

/** True for an error Fastify raised with a 4xx status: a client mistake, to answer in the app's shape. */
export function isClientFrameworkError(error: unknown): error is FastifyError {
  const status = (error as FastifyError | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}
