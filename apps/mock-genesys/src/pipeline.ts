import { randomUUID } from 'node:crypto';
import { type InjectedError, loggedRequest, type RequestFacts } from '@lab/mock-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseBasicAuth } from './auth/tokens.js';
import { API_FAMILIES, type ApiFamily } from './config.js';
import type { MockContext } from './context.js';
import { codeForStatus, GenesysError, tooManyRequests } from './errors.js';
import type { BudgetOutcome } from './ratelimit/budgets.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** inin-correlation-id of this request; also the contextId of any error body. */
    correlationId: string;
    /** The OAuth client behind the request ('anonymous' when it has none). */
    clientId: string;
    /** Epoch ms when it arrived (the request log's `at` for a request the client gave up on). */
    arrivedAt: number;
    /** The route pattern, worked out once by the pipeline ('' before it ran; see routeOf). */
    routePattern: string;
  }
}

/** The status logged for a request whose client closed the connection before the answer (nginx's 499). */
export const CLIENT_CLOSED = 499;

const FAMILIES = new Set<string>(API_FAMILIES);

/** Each route pattern's family, worked out once: the patterns are the app's own routes, a fixed few. */
const familyByRoute = new Map<string, ApiFamily | undefined>();

/** The API family of a route: the first segment after /api/v2 ("analytics", "routing", ...). */
export function familyOf(route: string): ApiFamily | undefined {
  if (familyByRoute.has(route)) return familyByRoute.get(route);
  const segment = route.split('/')[3];
  const family = segment && FAMILIES.has(segment) ? (segment as ApiFamily) : undefined;
  familyByRoute.set(route, family);
  return family;
}

/**
 * The route pattern of a request ("unmatched" when none matched). Fastify's request.routeOptions builds a new
 * object of a dozen fields on every read, so the pipeline reads it once and keeps the pattern on the request.
 */
export function routeOf(request: FastifyRequest): string {
  return request.routePattern || (request.routeOptions.url ?? 'unmatched');
}

const isPlatformPath = (url: string) => url.startsWith('/api/v2/') || url.startsWith('/oauth/');

/**
 * What the platform does to every API request before a handler sees it, in order: correlation id, maintenance
 * window, authentication, rate limits (headers on every answer), injected errors, injected delay.
 */
export function registerPipeline(app: FastifyInstance, ctx: MockContext): void {
  app.decorateRequest('correlationId', '');
  app.decorateRequest('clientId', 'anonymous');
  app.decorateRequest('arrivedAt', 0);
  app.decorateRequest('routePattern', '');

  // A callback hook, not an async one: the budgets settle at once (in-memory windows), and an async hook would add
  // its own promise and frames to every request. Errors go to done(); done() is called outside any try block, so
  // an exception further down Fastify's chain is never taken for this hook's.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    request.arrivedAt = Date.now();
    request.correlationId = randomUUID();
    reply.header('inin-correlation-id', request.correlationId);
    if (!isPlatformPath(request.url)) return done();

    const route = routeOf(request);
    request.routePattern = route;
    const family = familyOf(route);
    // Built only when a fault is set (most requests meet none).
    const facts: RequestFacts | undefined = ctx.faults.empty ? undefined : { method: request.method, route, family };
    // Maintenance comes first: the platform is down, whoever asks.
    const maintenance = facts && ctx.faults.errorFor(facts, ['maintenance']);
    if (maintenance) return done(countFault(ctx, maintenance.fault.type, request, maintenance.error));
    let callerKey: string;
    let authFailure: GenesysError | undefined;
    if (route === '/oauth/token') {
      // Known client ids get their own budget; anything else shares its IP's (no key per made-up id).
      const basic = parseBasicAuth(request.headers.authorization);
      callerKey =
        basic && ctx.tokens.knowsClient(basic.clientId) ? `client:${basic.clientId}` : `anonymous:${request.ip}`;
      // a token request counts for the client that asks (when it proves who it is): metrics and log name it
      if (basic && ctx.tokens.authenticateClient(basic.clientId, basic.clientSecret)) request.clientId = basic.clientId;
    } else {
      const check = ctx.tokens.check(request.headers.authorization);
      if (check.ok) {
        request.clientId = check.token.clientId;
        callerKey = `token:${check.token.accessToken}`;
      } else {
        callerKey = `anonymous:${request.ip}`;
        if (check.clientId) request.clientId = check.clientId; // an expired token still says whose it was
        authFailure = new GenesysError(
          401,
          check.reason === 'expired'
            ? 'The access token has expired'
            : check.reason === 'missing'
              ? 'No authentication bearer token specified in authorization header.'
              : 'Invalid login credentials.',
          'bad.credentials',
        );
      }
    }

    ctx.budgets.consume(callerKey, authFailure ? undefined : family, (error, budget) => {
      let next: unknown;
      try {
        next = error ?? (budget && afterBudgets(ctx, request, reply, route, family, budget, authFailure));
      } catch (thrown) {
        next = thrown;
      }
      if (typeof next === 'number') setTimeout(done, next);
      else done(next as Error | undefined);
    });
  });

  /**
   * The duration histogram's child per route (the routes are the app's own, a fixed few): prom-client then skips
   * a closure and a label object per observation.
   */
  const durationByRoute = new Map<string, { observe(seconds: number): void }>();
  // A callback hook, not an async one: nothing here waits, and a promise per request is measurable at load.
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!isPlatformPath(request.url)) return done();
    const route = routeOf(request);
    ctx.metrics.requests.inc(request.method, route, String(reply.statusCode), request.clientId);
    let duration = durationByRoute.get(route);
    if (!duration) {
      duration = ctx.metrics.duration.labels(route);
      durationByRoute.set(route, duration);
    }
    duration.observe(reply.elapsedTime / 1_000);
    ctx.requests.record(loggedRequest(request, reply, request.clientId, route));
    done();
  });

  // A request the client gave up on (its timeout fired) still arrived and still took its share of the budgets,
  // as on the platform: it is logged (so the API usage view counts it) and counted, with status 499. Without
  // this the usage view undercounted the budget the org had spent (found by the review's budget experiment).
  app.addHook('onRequestAbort', async (request) => {
    if (!isPlatformPath(request.url)) return;
    const route = routeOf(request);
    ctx.metrics.requests.inc(request.method, route, String(CLIENT_CLOSED), request.clientId);
    ctx.requests.record({
      at: request.arrivedAt || Date.now(),
      method: request.method,
      route,
      path: request.url.split('?')[0] ?? request.url,
      status: CLIENT_CLOSED,
      client: request.clientId,
    });
  });
}

/**
 * The steps after counting: the rate-limit headers (on every answer, errors included), the authentication
 * failure found before counting, a refusal, then injected errors and delays. Returns the error to answer, the
 * injected delay in ms, or undefined to go on at once.
 */
function afterBudgets(
  ctx: MockContext,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  family: ApiFamily | undefined,
  budget: BudgetOutcome,
  authFailure: GenesysError | undefined,
): Error | number | undefined {
  reply.header('inin-ratelimit-count', String(budget.count));
  reply.header('inin-ratelimit-allowed', String(budget.allowed));
  reply.header('inin-ratelimit-reset', String(budget.resetSeconds));
  if (authFailure) return authFailure;
  if (budget.limited) {
    ctx.metrics.rateLimited.inc({ scope: budget.limited.scope, family: family ?? 'oauth', client: request.clientId });
    return tooManyRequests(budget.limited.retryAfterSeconds);
  }

  if (ctx.faults.empty) return undefined;
  // (a fault may have been set while the budgets were consumed)
  const faultFacts = { method: request.method, route, family };
  const injected = ctx.faults.errorFor(faultFacts, ['error-rate']);
  if (injected) return countFault(ctx, injected.fault.type, request, injected.error);
  const delay = ctx.faults.delayFor(faultFacts);
  for (const fault of delay.faults) ctx.metrics.faults.inc({ kind: fault.type, route });
  return delay.delayMs > 0 ? delay.delayMs : undefined;
}

/** Counts an injected error and turns it into the Genesys answer (429s get the platform's own body). */
function countFault(ctx: MockContext, kind: string, request: FastifyRequest, injected: InjectedError): GenesysError {
  ctx.metrics.faults.inc({ kind, route: routeOf(request) });
  const { status, retryAfterSeconds, message, code } = injected;
  if (status === 429) return tooManyRequests(retryAfterSeconds ?? 1);
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {};
  return new GenesysError(status, message, code ?? codeForStatus(status), [], headers);
}
