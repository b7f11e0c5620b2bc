/**
 * Scrubbing of secrets (Authorization headers, tokens, client secrets, passwords) from anything that may reach a
 * log line or a span: values under secret-looking keys, "Bearer …"/"Basic …" credentials and token query
 * parameters inside strings. Hand-written: pino's `redact` only knows fixed paths, and OpenTelemetry only
 * redacts a fixed list of query parameters.
 */
export const REDACTED = '[REDACTED]';

/** Object keys whose values are never shown, whatever their shape. */
export const SECRET_KEY = /authorization|token|secret|passw(?:or)?d|cookie|api[-_]?key|credential/i;

/** Query parameters whose values are replaced in recorded URLs (OpenTelemetry's defaults plus OAuth's). */
export const REDACTED_QUERY_PARAMS = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'code',
  'client_secret',
  'password',
  'api_key',
  'apikey',
];

const AUTH_SCHEME = /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=-]+/gi;
const ASSIGNED_SECRET = /\b(access_token|refresh_token|id_token|client_secret|password|token)=[^&\s"'\\,;]+/gi;
/** `"access_token":"…"` in JSON quoted inside text, escaped (\"…\") or not. */
const JSON_SECRET =
  /(\\?"(?:access_token|refresh_token|id_token|client_secret|password|token)\\?"\s*:\s*\\?")[^"\\]*/gi;
/** A JSON member whose key looks secret and whose value is a string, in serialized JSON. */
const SECRET_MEMBER =
  /("[^"\\]*(?:authorization|token|secret|passw(?:or)?d|cookie|api[-_]?key|credential)[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const MAX_DEPTH = 8;

/** Replaces credentials inside free text, e.g. an error message that quotes a request. */
export function scrubString(text: string): string {
  return text
    .replace(AUTH_SCHEME, `$1$2${REDACTED}`)
    .replace(ASSIGNED_SECRET, `$1=${REDACTED}`)
    .replace(JSON_SECRET, `$1${REDACTED}`);
}

/** scrubString plus every string member under a secret-looking key: a last pass over a serialized log line. */
export function scrubSerializedJson(json: string): string {
  return scrubString(json).replace(SECRET_MEMBER, `$1"${REDACTED}"`);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function errorToObject(error: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { ...error, type: error.constructor.name, message: error.message };
  if (error.stack) plain.stack = error.stack;
  if (error.cause !== undefined) plain.cause = error.cause;
  return plain;
}

/**
 * A copy of `value` with secrets replaced: plain objects and arrays are walked, Errors become
 * `{type, message, stack, …}`, fetch Headers become plain objects, strings are scrubbed. Other class
 * instances are returned unchanged (pino's serializers and `redact` paths handle those).
 */
export function scrubValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
    if (value instanceof Error) return scrubValue(errorToObject(value), depth + 1, seen);
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      return scrubValue(Object.fromEntries(value.entries()), depth + 1, seen);
    }
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) && item !== undefined ? REDACTED : scrubValue(item, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/** `url` with the values of secret query parameters and any user:password replaced; unparsable input is scrubbed as text. */
export function redactUrl(url: string, params: readonly string[] = REDACTED_QUERY_PARAMS): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return scrubString(url);
  }
  if (parsed.username) parsed.username = 'REDACTED';
  if (parsed.password) parsed.password = 'REDACTED';
  for (const name of params) {
    if (parsed.searchParams.has(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}
