import type { FastifyInstance } from 'fastify';
import { GenesysError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as sent, for answers that depend only on it (see routes/analytics-details.ts). */
    rawJson?: string;
  }
}

/**
 * A JSON body's value: an empty body is no body (undefined; the SDK sends Content-Type: application/json with no
 * body on POST /notifications/channels); malformed JSON throws a 400 that quotes the parser's complaint.
 */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GenesysError(400, `The request body is not valid JSON: ${(error as Error).message}`, 'bad.request', [
      { errorCode: 'invalid.json', fieldName: 'body' },
    ]);
  }
}

/** JSON bodies, parsed before the handler (parseJsonText): request.body is the value, request.rawJson the text. */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    request.rawJson = text;
    try {
      done(null, parseJsonText(text));
    } catch (error) {
      done(error as GenesysError, undefined);
    }
  });
}

/**
 * JSON bodies kept as text only (request.rawJson; request.body stays undefined), for a route whose answer depends
 * only on the body text and is remembered by it: the route parses (parseJsonText) only a body it has not answered
 * before, so a repeated query costs no JSON.parse and none of the garbage of the parsed object. Register it inside
 * that route's own plugin scope; every other route keeps registerJsonBody's parser.
 */
export function registerJsonTextBody(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawJson = typeof body === 'string' ? body : body.toString('utf8');
    done(null, undefined);
  });
}
