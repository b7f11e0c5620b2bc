import { z } from 'zod';

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The one place the lab's HTTP servers take their slow-client bounds from (services and mocks spread this into
 * their config schema). A client that stalls is cut off: headers not complete in HTTP_HEADERS_TIMEOUT_MS, a
 * request (headers and body) not complete in HTTP_REQUEST_TIMEOUT_MS (408), an idle keep-alive connection after
 * HTTP_KEEP_ALIVE_TIMEOUT_MS, any socket silent both ways for HTTP_IDLE_TIMEOUT_MS. Node checks the first two
 * every HTTP_TIMEOUT_CHECK_MS, so a stalled request is closed within its timeout plus that interval.
 */
export const httpServerShape = {
  HTTP_HEADERS_TIMEOUT_MS: ms(100, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: ms(100, 3_600_000).default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: ms(100, 600_000).default(5_000),
  /**
   * Socket inactivity, in both directions. Longer than any answer a lab server holds on purpose (a mock's slow
   * fault within two minutes, a Data Action's budget): a longer slow fault needs this raised.
   */
  HTTP_IDLE_TIMEOUT_MS: ms(1_000, 3_600_000).default(120_000),
  HTTP_TIMEOUT_CHECK_MS: ms(50, 30_000).default(1_000),
};

export const httpServerSchema = z
  .object(httpServerShape)
  .refine((c) => c.HTTP_HEADERS_TIMEOUT_MS <= c.HTTP_REQUEST_TIMEOUT_MS, {
    message: 'HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS',
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
  });
export type HttpServerConfig = z.infer<typeof httpServerSchema>;

/** The defaults, for an app built without its environment (tests). */
export const HTTP_SERVER_DEFAULTS: HttpServerConfig = httpServerSchema.parse({});

/** Fastify's server options for those bounds. */
export function serverTimeoutOptions(config: Partial<HttpServerConfig> = {}) {
  const c = { ...HTTP_SERVER_DEFAULTS, ...config };
  return {
    connectionTimeout: c.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeout: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: c.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(c.HTTP_HEADERS_TIMEOUT_MS, c.HTTP_REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: c.HTTP_TIMEOUT_CHECK_MS,
    },
  };
}
