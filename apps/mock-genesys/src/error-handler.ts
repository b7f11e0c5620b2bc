import { randomUUID } from 'node:crypto';
import {
  type EdgeError,
  type ErrorShape,
  frameworkEdgeError,
  isClientFrameworkError,
  registerEdge,
  sendEdgeError,
} from '@lab/http-edge';
import { HttpError } from '@lab/mock-kit';
import type { FastifyError, FastifyInstance } from 'fastify';
import { codeForStatus, GenesysError } from './errors.js';

/**
 * The Genesys body for an edge error (router, body reader, HTTP parser), with a contextId even where no hook ran
 * (a malformed URL, a timeout): then a new correlation id, sent as `inin-correlation-id` too.
 */
export const genesysErrorShape: ErrorShape = (error: EdgeError, request) => {
  let contextId = request?.correlationId;
  if (!contextId) {
    contextId = randomUUID();
    if (request) request.correlationId = contextId;
  }
  const body = new GenesysError(
    error.status,
    error.message,
    codeForStatus(error.status),
    [{ errorCode: error.code.replaceAll('_', '.'), fieldName: error.field }],
    {},
    error.limit ? { key: error.limit.name, namespace: 'mock-genesys', value: error.limit.value } : undefined,
  ).body(contextId);
  return { body, headers: { 'inin-correlation-id': contextId } };
};

/**
 * Every error, ours, mock-kit's or the framework's (bad JSON, body too large, wrong media type, unknown route,
 * wrong method), answers the Genesys body. Call before registering routes (the 405 needs every route).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | GenesysError, request, reply) => {
    if (!(error instanceof GenesysError) && !(error instanceof HttpError) && isClientFrameworkError(error)) {
      sendEdgeError(reply, genesysErrorShape, frameworkEdgeError(error, request));
      return;
    }
    let genesys: GenesysError;
    if (error instanceof GenesysError) {
      genesys = error;
    } else if (error instanceof HttpError) {
      // From mock-kit (admin guard, fault engine): the same status and message, in the Genesys body.
      const details = error.field ? [{ errorCode: error.code, fieldName: error.field }] : [];
      genesys = new GenesysError(error.status, error.message, codeForStatus(error.status), details, error.headers);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      genesys = new GenesysError(500, 'The server encountered an internal error', 'internal.server.error');
    }
    // Set on the raw response so the name keeps its case on the wire: the Java SDK looks up "Retry-After"
    // case-sensitively, and fastify's own header map lowercases names.
    for (const [name, value] of Object.entries(genesys.headers)) reply.raw.setHeader(name, value);
    void reply.code(genesys.status).type('application/json').send(genesys.body(request.correlationId));
  });
  registerEdge(app, genesysErrorShape);
}
