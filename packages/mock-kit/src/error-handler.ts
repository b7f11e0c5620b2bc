import {
  type EdgeError,
  type ErrorShape,
  frameworkEdgeError,
  isClientFrameworkError,
  registerEdge,
  sendEdgeError,
} from '@lab/http-edge';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';

/** A mock's error body, `{error, message, field}`, for an edge error (router, body reader, HTTP parser). */
export const mockErrorShape: ErrorShape = (error: EdgeError) => ({
  body: new HttpError(error.status, error.code, error.message, error.field).body(),
});

/**
 * Every error, ours or the framework's (malformed JSON, wrong media type, body too large, unknown route, wrong
 * method), answers an ErrorBody. Call before registering routes (the 405 needs every route). The app's Fastify
 * options come from `edgeServerOptions(mockErrorShape, config)` (router errors, timeouts).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      void reply.code(error.status).headers(error.headers).type('application/json').send(error.body());
      return;
    }
    if (isClientFrameworkError(error)) {
      sendEdgeError(reply, mockErrorShape, frameworkEdgeError(error, request));
      return;
    }
    request.log.error({ err: error }, 'unhandled error');
    const answer = new HttpError(500, 'internal_error', 'The server encountered an internal error');
    void reply.code(500).type('application/json').send(answer.body());
  });
  registerEdge(app, mockErrorShape);
}
