/** The Genesys Cloud error body: {message, code, status, contextId, details[], errors[]}. */
export interface ErrorDetail {
  errorCode: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** The optional `limit` of a Genesys error body: which bound the request broke. */
export interface ErrorLimit {
  key: string;
  namespace: string;
  value: number | string;
}

export interface GenesysErrorBody {
  message: string;
  code: string;
  status: number;
  contextId: string;
  details: ErrorDetail[];
  errors: unknown[];
  limit?: ErrorLimit;
}

/** Codes the reference leaves open are chosen here and listed in the README. */
export const DEFAULT_CODES: Record<number, string> = {
  400: 'bad.request',
  401: 'bad.credentials',
  403: 'missing.permissions',
  404: 'not.found',
  405: 'method.not.allowed',
  408: 'request.timeout',
  409: 'conflict',
  413: 'request.entity.too.large',
  414: 'uri.too.long',
  415: 'unsupported.media.type',
  429: 'too.many.requests.retry.after',
  431: 'request.header.fields.too.large',
  500: 'internal.server.error',
  502: 'bad.gateway',
  503: 'service.unavailable',
  504: 'gateway.timeout',
};

export function codeForStatus(status: number): string {
  return DEFAULT_CODES[status] ?? (status >= 500 ? 'internal.server.error' : 'bad.request');
}

/** Thrown anywhere in a handler; the error handler turns it into the Genesys body with the request's contextId. */
export class GenesysError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = codeForStatus(status),
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /** The bound the request broke, when it broke one (a cap on ids, days, bytes). */
    readonly limit?: ErrorLimit,
  ) {
    super(message);
  }

  body(contextId: string): GenesysErrorBody {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      details: this.details,
      errors: [],
      ...(this.limit ? { limit: this.limit } : {}),
    };
  }
}

export const notFound = (message = 'The requested operation failed with status 404') =>
  new GenesysError(404, message, 'not.found');

export const invalidField = (fieldName: string, message: string) =>
  new GenesysError(400, message, 'bad.request', [{ errorCode: 'invalid.value', fieldName }]);

/** A 400 for a request over one of the mock's bounds on work per request, naming the field and the limit. */
export const overLimit = (fieldName: string, key: string, value: number, message: string) =>
  new GenesysError(
    400,
    message,
    'bad.request',
    [{ errorCode: 'limit.exceeded', fieldName }],
    {},
    {
      key,
      namespace: 'mock-genesys',
      value,
    },
  );

export function tooManyRequests(retryAfterSeconds: number): GenesysError {
  return new GenesysError(
    429,
    `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`,
    'too.many.requests.retry.after',
    [],
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
