export type { CallOptions, GenesysResponse } from './call.js';
export { type Endpoint, GenesysApiError, GenesysNetworkError } from './errors.js';
export { gatewayOf } from './gateway.js';
export {
  createGenesysClient,
  type GenesysClient,
  type GenesysClientOptions,
  type JobResultsOptions,
  type PageOptions,
  type QueueListOptions,
} from './genesys-client.js';
export { type EventSink, familyOf, type RateLimit, type RateLimitEvent, rateLimitFrom } from './rate-limit.js';
export type { Gateway } from './sdk.js';
export { type IssuedToken, TokenCache, type TokenCacheOptions } from './token-cache.js';
