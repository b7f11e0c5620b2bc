import type { RouteEntry } from '@lab/http-edge';
import type { FastifyInstance } from 'fastify';
import type { ShapeKind } from './error-shape.js';
import type { FuzzRequest } from './fuzz-request.js';
import type { FuzzResponse, FuzzTarget } from './fuzz-run.js';

/** The admin token the fuzz suite starts the mocks with (sent on half of the requests). */
export const FUZZ_ADMIN_TOKEN = 'fuzz-admin-token';

/** How a target is reached: in-process (`inject`) or over HTTP. */
export type Send = (request: FuzzRequest) => Promise<FuzzResponse>;

/** `inject` into an app built in-process. */
export function injectInto(app: FastifyInstance): Send {
  return async (request) => {
    const res = await app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      ...(request.body ? { payload: request.body } : {}),
    });
    return { status: res.statusCode, headers: res.headers as FuzzResponse['headers'], body: res.rawPayload };
  };
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/**
 * A mock as a fuzz target: its routes, and after every admin call that changed something a reset (faults, limits,
 * notification settings) and, for mock-genesys, a new token, so that one generated fault never turns the rest of
 * the run into injected errors.
 */
export async function mockTarget(options: {
  name: string;
  kind: ShapeKind;
  /** The app's routes (`routesOf(app)` of @lab/http-edge). */
  routes: readonly RouteEntry[];
  send: Send;
  bodyLimit: number;
  knownIds?: string[];
}): Promise<FuzzTarget> {
  const { send } = options;
  const genesys = options.kind === 'genesys';
  let authorization = '';
  const login = async () => {
    if (!genesys) return;
    const res = await send({
      route: 'login',
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: basic('lab-client', 'lab-secret'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: Buffer.from('grant_type=client_credentials'),
    });
    authorization = `Bearer ${(JSON.parse(res.body.toString('utf8')) as { access_token: string }).access_token}`;
  };
  await login();
  return {
    name: options.name,
    kind: options.kind,
    vocabulary: {
      routes: options.routes,
      knownIds: options.knownIds ?? [],
      ...(genesys ? { authorization: () => authorization } : {}),
      adminToken: FUZZ_ADMIN_TOKEN,
      bodyLimit: options.bodyLimit,
    },
    send,
    after: async (request, response) => {
      if (!request.url.startsWith('/__admin') || request.method === 'GET' || response.status >= 300) return;
      await send({
        route: 'reset',
        method: 'POST',
        url: '/__admin/reset',
        headers: { 'x-mock-admin-token': FUZZ_ADMIN_TOKEN, 'content-type': 'application/json' },
        body: Buffer.from('{}'),
      });
      await login();
    },
  };
}
