import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from './http-error.js';

/** Every error, ours or the framework's (malformed JSON, wrong media type, unknown route), answers an ErrorBody. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    let answer: HttpError;
    if (error instanceof HttpError) {
      answer = error;
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      answer = new HttpError(error.statusCode, error.code ?? 'bad_request', error.message, 'body');
    } else {
      request.log.error({ err: error }, 'unhandled error');
      answer = new HttpError(500, 'internal_error', 'The server encountered an internal error');
    }
    void reply.code(answer.status).headers(answer.headers).type('application/json').send(answer.body());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new HttpError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    void reply.code(404).send(error.body());
  });
}
