import type { RouteEntry } from '@lab/http-edge';
import { webhookSignatureHeaders } from '@lab/lab-client';
import fc from 'fast-check';

/** One request the fuzzer sends: every part of it may be wrong. */
export interface FuzzRequest {
  /** The route it was made from (`GET /api/v2/users/:userId`), for the report. */
  route: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What the generator may use beyond the route list: real ids (to get past lookups) and credentials. */
export interface FuzzVocabulary {
  routes: readonly RouteEntry[];
  /** Values that exist in the app (ids of queues, users, business units...); sometimes put in path parameters. */
  knownIds?: readonly string[];
  /** A valid `Authorization` header value (read at each request: it may be renewed). */
  authorization?: () => string;
  /** The mock's admin token, sent as `x-mock-admin-token` half of the time. */
  adminToken?: string;
  /** webhook-processor's secret: half of the webhooks are signed over their exact bytes. */
  webhookSecret?: string;
  /** The app's body limit: some bodies are one byte over it. */
  bodyLimit: number;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

/** Field names the lab's bodies and queries use: random values under real names reach deeper validation. */
const FIELD_NAMES = [
  'interval',
  'paging',
  'pageSize',
  'pageNumber',
  'conversationFilters',
  'segmentFilters',
  'order',
  'orderBy',
  'filter',
  'metrics',
  'predicates',
  'clauses',
  'startDate',
  'endDate',
  'userIds',
  'eventId',
  'topic',
  'payload',
  'conversationId',
  'contactId',
  'type',
  'target',
  'rate',
  'count',
  'status',
  'delayMs',
  'jitterMs',
  'seconds',
  'seed',
  'exportId',
  'id',
  'windowSeconds',
  'tokenLimit',
  'orgLimits',
  'eventsPerSecond',
  'heartbeatSeconds',
  'granularity',
  'groupBy',
  'grant_type',
  'limit',
  'cursor',
  'since',
  'route',
  'client',
  'byEventId',
  'name',
  'businessUnitId',
  'retryAfterSeconds',
] as const;

const printable = (max: number) =>
  fc.string({ unit: 'grapheme-ascii', maxLength: max }).filter((s) => /^[\x20-\x7e]*$/.test(s));

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e309',
    'NaN',
    'null',
    'true',
    '2026-11-01T00:00:00Z',
    '2026-11-01T00:00:00Z/2026-11-08T00:00:00Z',
  ),
  fc.integer({ min: 200, max: 3_000 }).map((n) => 'x'.repeat(n)),
);

function pathSegment(knownIds: readonly string[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent) },
    { weight: 2, arbitrary: fc.constantFrom('%ZZ', '%', '%E0%A4%A', '..', '%2F', '%00', 'missing-1', '2026-11-02') },
    { weight: 1, arbitrary: fc.integer({ min: 990, max: 1_100 }).map((n) => 'a'.repeat(n)) },
    { weight: 3, arbitrary: knownIds.length > 0 ? fc.constantFrom(...knownIds) : fc.uuid() },
  );
}

/** The route's path with each `:param` (and `*`) replaced by a generated segment; sometimes one more segment. */
function pathFor(url: string, knownIds: readonly string[]) {
  const parts = url.split('/');
  const holes = parts.filter((p) => p.startsWith(':') || p === '*').length;
  return fc
    .tuple(
      fc.array(pathSegment(knownIds), { minLength: holes, maxLength: holes }),
      fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pathSegment(knownIds) }),
    )
    .map(([values, extra]) => {
      let i = 0;
      const path = parts.map((p) => (p.startsWith(':') || p === '*' ? values[i++] : p)).join('/');
      return extra === null ? path : `${path}/${extra}`;
    });
}

const query = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 5,
    arbitrary: fc
      .dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), printable(8)), scalar.map(String), { maxKeys: 4 })
      .map((q) => {
        const text = new URLSearchParams(q).toString();
        return text ? `?${text}` : '';
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom('?%ZZ=1', '?&&==&', '?pageSize=1&pageSize=2', `?q=${'%41'.repeat(500)}`) },
);

function bodyFor(limit: number) {
  const json = fc
    .oneof(
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      {
        weight: 4,
        arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 })), {
          maxKeys: 6,
        }),
      },
      { weight: 1, arbitrary: fc.array(fc.record({ id: scalar }), { maxLength: 5 }) },
    )
    .map((value) => JSON.stringify(value) ?? 'null');
  return fc.oneof(
    { weight: 8, arbitrary: json.map((text) => Buffer.from(text)) },
    { weight: 1, arbitrary: json.map((text) => Buffer.from(text.slice(0, Math.max(0, text.length - 1)))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(limit + 1, 0x20)) },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/csv',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/json; charset=latin1',
  ';;',
] as const;

/** A generator of bad (and sometimes good) requests to the routes of one app. */
export function fuzzRequests(v: FuzzVocabulary): fc.Arbitrary<FuzzRequest> {
  if (v.routes.length === 0) throw new Error('no routes to fuzz');
  const known = v.knownIds ?? [];
  return fc.constantFrom(...v.routes).chain((route) =>
    fc
      .record({
        method: fc.oneof(
          { weight: 3, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
        ),
        path: pathFor(route.url, known),
        query,
        body: fc.option(bodyFor(v.bodyLimit), { freq: 4 }),
        contentType: fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 2 }),
        auth: fc.constantFrom('valid', 'valid', 'none', 'bearer-junk', 'basic-junk'),
        admin: fc.boolean(),
        signed: fc.boolean(),
        junk: fc.option(printable(40), { freq: 3 }),
        extra: fc.dictionary(
          fc.constantFrom(
            'x-request-id',
            'idempotency-key',
            'accept',
            'inin-correlation-id',
            'x-timestamp',
            'x-signature',
          ),
          printable(60),
          { maxKeys: 2 },
        ),
      })
      .map((r): FuzzRequest => {
        const headers: Record<string, string> = { ...r.extra };
        if (r.body !== null) headers['content-type'] = r.contentType ?? 'application/json';
        else if (r.contentType !== null && r.method !== 'GET') headers['content-type'] = r.contentType;
        if (r.auth === 'valid' && v.authorization) headers.authorization = v.authorization();
        if (r.auth === 'bearer-junk') headers.authorization = `Bearer ${r.junk ?? ''}`;
        if (r.auth === 'basic-junk') headers.authorization = `Basic ${Buffer.from(r.junk ?? ':').toString('base64')}`;
        if (r.admin && v.adminToken) headers['x-mock-admin-token'] = v.adminToken;
        if (r.signed && v.webhookSecret && route.url.startsWith('/webhooks/')) {
          Object.assign(headers, webhookSignatureHeaders(r.body ?? Buffer.alloc(0), v.webhookSecret));
        }
        return {
          route: `${route.method} ${route.url}`,
          method: r.method,
          url: `${r.path}${r.query}`,
          headers,
          ...(r.body !== null ? { body: r.body } : {}),
        };
      }),
  );
}
