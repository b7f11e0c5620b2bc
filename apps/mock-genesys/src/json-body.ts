import type { FastifyInstance } from 'fastify';
import { GenesysError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as sent, for answers that depend only on it (see routes/analytics-details.ts). */
    rawJson?: string;
  }
}

/**
 * JSON bodies: an empty body is allowed (the SDK sends Content-Type: application/json with no body on
 * POST /notifications/channels); malformed JSON is a 400 that quotes the parser's complaint.
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    request.rawJson = text;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(
        new GenesysError(400, `The request body is not valid JSON: ${(error as Error).message}`, 'bad.request', [
          { errorCode: 'invalid.json', fieldName: 'body' },
        ]),
        undefined,
      );
    }
  });
}
