import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { EdgeError, ErrorShape } from './edge-error.js';
import {
  CLIENT_REFUSED,
  type ClientRefusal,
  mutualTlsServerFactory,
  type TlsConfig,
  tlsMaterial,
} from './mutual-tls.js';
import { collectRoutes } from './route-table.js';
import { HTTP_SERVER_DEFAULTS, type HttpServerConfig, serverTimeoutOptions } from './server-timeouts.js';

/** Longest path parameter the router takes; a longer one is a 414 naming the limit. */
export const MAX_PARAM_LENGTH = 1_000;

function send(reply: FastifyReply, shape: ErrorShape, error: EdgeError): void {
  const { body, headers } = shape(error, reply.request);
  for (const [name, value] of Object.entries({ ...error.headers, ...headers })) reply.raw.setHeader(name, value);
  void reply.code(error.status).type('application/json').send(body);
}

/** Router errors (Fastify's `frameworkErrors`): a malformed URL and a too-long path parameter. */
function routerError(error: FastifyError): EdgeError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      status: 414,
      code: 'uri_too_long',
      message: `A path parameter is longer than the limit of ${MAX_PARAM_LENGTH} characters`,
      field: 'path',
      limit: { name: 'maxParamLength', value: MAX_PARAM_LENGTH },
    };
  }
  return {
    status: 400,
    code: 'bad_request',
    message: 'The path is not a valid URL (bad percent-encoding)',
    field: 'path',
  };
}

/** Errors the HTTP parser raises before a request exists; written straight to the socket, then it is closed. */
function parserError(error: NodeJS.ErrnoException, config: HttpServerConfig): EdgeError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'request_timeout',
      message: 'The request (headers and body) did not arrive in time',
      field: 'body',
      limit: { name: 'requestTimeoutMs', value: config.HTTP_REQUEST_TIMEOUT_MS },
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'header_too_large',
      message: 'The request headers are larger than the server accepts',
      field: 'headers',
      limit: { name: 'maxHeaderSizeBytes', value: 16_384 },
    };
  }
  return {
    status: 400,
    code: 'bad_request',
    message: `Malformed HTTP request (${error.code ?? 'parse error'})`,
    field: 'request',
  };
}

/**
 * Fastify options every lab server starts with: the slow-client timeouts, the router's parameter limit, and
 * router and parser errors answered in the app's own error shape instead of Fastify's default body. With the TLS
 * contract (`tlsShape`: TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE) in `config`, the server is STRICT mTLS
 * (`mutualTlsServerFactory`): HTTPS, and only clients with a lab certificate are served.
 */
export function edgeServerOptions(
  shape: ErrorShape,
  config?: Partial<HttpServerConfig> & TlsConfig,
): FastifyServerOptions {
  const full: HttpServerConfig = { ...HTTP_SERVER_DEFAULTS, ...config };
  const timeouts = serverTimeoutOptions(full);
  const material = tlsMaterial(config ?? {});
  return {
    ...timeouts,
    ...(material && {
      serverFactory: mutualTlsServerFactory(material, timeouts.http, config?.TLS_ALLOWED_CLIENTS),
      // Only for the addresses Fastify prints ("Server listening at https://..."): the factory makes the server.
      https: true,
    }),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      send(reply, shape, routerError(error)),
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const edge = parserError(error, full);
      if (socket.writable) {
        const { body, headers } = shape(edge, undefined);
        const text = JSON.stringify(body);
        const lines = Object.entries({ ...headers, 'Content-Type': 'application/json' }).map(([k, v]) => `${k}: ${v}`);
        socket.write(
          `HTTP/1.1 ${edge.status} ${statusText(edge.status)}\r\nConnection: close\r\n${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
        );
      }
      socket.destroy(error);
    },
  } as FastifyServerOptions;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
const statusText = (status: number) => STATUS_TEXT[status] ?? 'Error';

/**
 * Collects the app's routes (call before registering any) and sets its not-found handler: a path some route
 * answers with another method is a 405 with `Allow`; any other path a 404 naming it. Both in the app's shape.
 */
export function registerEdge(app: FastifyInstance, shape: ErrorShape): void {
  const table = collectRoutes(app);
  // A connection refused by the STRICT mTLS server (edgeServerOptions with the TLS contract), with its reason.
  app.server.on(CLIENT_REFUSED, (refusal: ClientRefusal) =>
    app.log.warn(
      { tls: refusal },
      refusal.handshakeFailed
        ? `TLS handshake failed: ${refusal.reason}`
        : `client certificate refused: ${refusal.reason}`,
    ),
  );
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = table.allowedAt(path);
    if (allowed.length > 0) {
      send(reply, shape, {
        status: 405,
        code: 'method_not_allowed',
        message: `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`,
        field: 'method',
        headers: { Allow: allowed.join(', ') },
      });
      return;
    }
    send(reply, shape, {
      status: 404,
      code: 'not_found',
      message: `No route ${request.method} ${path}`,
      field: 'path',
    });
  });
}

/** Answers an EdgeError from an app's own error handler (e.g. a framework 413 turned into the app's shape). */
export function sendEdgeError(reply: FastifyReply, shape: ErrorShape, error: EdgeError): void {
  send(reply, shape, error);
}
