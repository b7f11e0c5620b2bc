import { HttpError } from '@lab/mock-kit';
import type { FastifyError, FastifyInstance } from 'fastify';
import { codeForStatus, GenesysError } from './errors.js';

/** Every error, ours, mock-kit's or the framework's (bad JSON, body too large, wrong media type), answers the Genesys body. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | GenesysError, request, reply) => {
    let genesys: GenesysError;
    if (error instanceof GenesysError) {
      genesys = error;
    } else if (error instanceof HttpError) {
      // From mock-kit (admin guard, fault engine): the same status and message, in the Genesys body.
      const details = error.field ? [{ errorCode: error.code, fieldName: error.field }] : [];
      genesys = new GenesysError(error.status, error.message, codeForStatus(error.status), details, error.headers);
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      genesys = new GenesysError(error.statusCode, describeFrameworkError(error), codeForStatus(error.statusCode), [
        { errorCode: error.code ?? 'bad.request', fieldName: 'body' },
      ]);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      genesys = new GenesysError(500, 'The server encountered an internal error', 'internal.server.error');
    }
    // Set on the raw response so the name keeps its case on the wire: the Java SDK looks up "Retry-After"
    // case-sensitively, and fastify's own header map lowercases names.
    for (const [name, value] of Object.entries(genesys.headers)) reply.raw.setHeader(name, value);
    void reply.code(genesys.status).type('application/json').send(genesys.body(request.correlationId));
  });

  app.setNotFoundHandler((request, reply) => {
    const error = new GenesysError(404, `No resource at ${request.method} ${request.url.split('?')[0]}`, 'not.found');
    void reply.code(404).type('application/json').send(error.body(request.correlationId));
  });
}

function describeFrameworkError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than the server accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Unsupported Content-Type: ${error.message}`;
    default:
      return error.message;
  }
}
