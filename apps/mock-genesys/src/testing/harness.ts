import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type MockConfig } from '../config.js';
import type { MockContext } from '../context.js';

/** A test clock: `now()` for the app, `advance(ms)` to move time. */
export function testClock(start = Date.parse('2026-11-10T12:00:00.000Z')) {
  let current = start;
  return { now: () => current, advance: (ms: number) => (current += ms) };
}

export interface Harness {
  app: FastifyInstance;
  ctx: MockContext;
  token: string;
  /** An authenticated request; `body` is sent as JSON. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * Builds the app in-process with small data and silent logs; logs in lab-client. The data window is pinned (WEEK)
 * and live traffic is off, so that tests see exact data; a test of either sets its own MOCK_DATA_START / MOCK_LIVE_RATE.
 */
export async function harness(env: Record<string, string> = {}, now?: () => number): Promise<Harness> {
  const config: MockConfig = loadConfig({
    MOCK_LOG_LEVEL: 'silent',
    MOCK_DATA_CONVERSATIONS: '300',
    MOCK_DATA_USERS: '30',
    MOCK_DATA_QUEUES: '6',
    MOCK_DATA_START: '2026-11-01T00:00:00.000Z',
    MOCK_LIVE_RATE: '0',
    ...env,
  });
  const { app, ctx } = await buildApp(config, now);
  const login = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: 'grant_type=client_credentials',
  });
  const token = (login.json() as { access_token: string }).access_token;
  const call: Harness['call'] = (method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return { app, ctx, token, call, close: () => app.close() };
}

export const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
