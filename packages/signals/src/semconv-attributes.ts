import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

/** One OpenTelemetry semantic-convention attribute the instrumentations set, beside the lab's own. */
export interface SemconvAttribute {
  readonly key: string;
  readonly on: string;
  readonly meaning: string;
}

const SERVER = 'HTTP server spans (every app’s inbound requests)';
const CLIENT = 'HTTP client spans (node:http and fetch)';
const BOTH = 'HTTP server and client spans';

/**
 * What the HTTP (server, node:http client) and undici (fetch) instrumentations put on their spans, by the stable
 * HTTP semantic conventions (@opentelemetry/semantic-conventions). Headers are never recorded; `url.full` and
 * `url.query` have token parameters redacted.
 */
export const SEMCONV_ATTRIBUTES: readonly SemconvAttribute[] = [
  { key: ATTR_HTTP_REQUEST_METHOD, on: BOTH, meaning: 'GET, POST, ...' },
  { key: ATTR_HTTP_REQUEST_METHOD_ORIGINAL, on: BOTH, meaning: 'The method as sent, when it is not a known one' },
  { key: ATTR_HTTP_RESPONSE_STATUS_CODE, on: BOTH, meaning: 'The status answered' },
  { key: ATTR_HTTP_ROUTE, on: SERVER, meaning: 'The route template, when the framework reports it' },
  { key: ATTR_URL_FULL, on: CLIENT, meaning: 'The URL called (secret query parameters redacted)' },
  { key: ATTR_URL_PATH, on: SERVER, meaning: 'The path requested' },
  { key: ATTR_URL_QUERY, on: BOTH, meaning: 'The query string (secret parameters redacted)' },
  { key: ATTR_URL_SCHEME, on: BOTH, meaning: 'http' },
  {
    key: ATTR_SERVER_ADDRESS,
    on: BOTH,
    meaning: 'The host called (client) or serving (server): the Toxiproxy listener on a proxied path',
  },
  { key: ATTR_SERVER_PORT, on: BOTH, meaning: 'Its port' },
  { key: ATTR_CLIENT_ADDRESS, on: SERVER, meaning: 'Who called' },
  { key: ATTR_NETWORK_PEER_ADDRESS, on: BOTH, meaning: 'The socket peer' },
  { key: ATTR_NETWORK_PEER_PORT, on: BOTH, meaning: 'Its port' },
  { key: ATTR_NETWORK_PROTOCOL_VERSION, on: BOTH, meaning: '1.1' },
  { key: ATTR_USER_AGENT_ORIGINAL, on: BOTH, meaning: 'The User-Agent sent' },
  {
    key: ATTR_ERROR_TYPE,
    on: BOTH,
    meaning: 'The status (>= 500 server, >= 400 client) or error class of a failed request',
  },
];

/** Attributes of the `exception` span event (recordException, scrubbed of credentials by @lab/telemetry). */
export const EXCEPTION_EVENT_ATTRIBUTES: readonly string[] = [
  ATTR_EXCEPTION_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
];

/**
 * Tags Jaeger adds when it turns an OTLP span into its own model (kind, scope, status): not set by the lab, listed
 * so that a check of Jaeger's tags against the registry can tell them apart.
 */
export const JAEGER_DERIVED_TAGS: readonly string[] = [
  'span.kind',
  'otel.scope.name',
  'otel.scope.version',
  'otel.status_code',
  'otel.status_description',
  'error',
  'internal.span.format',
];
