export type { CallOptions, EventSink, GenesysResponse } from './call.js';
export { type Endpoint, GenesysApiError, GenesysNetworkError } from './errors.js';
export {
  createGenesysClient,
  type GenesysClient,
  type GenesysClientOptions,
  type JobResultsOptions,
  type PageOptions,
  type QueueListOptions,
} from './genesys-client.js';
export { familyOf, type RateLimit, rateLimitFrom } from './rate-limit.js';
export type { Gateway } from './sdk.js';
export { type IssuedToken, TokenCache, type TokenCacheOptions } from './token-cache.js';
