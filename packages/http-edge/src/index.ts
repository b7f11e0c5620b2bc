export { edgeServerOptions, MAX_PARAM_LENGTH, registerEdge, sendEdgeError } from './edge.js';
export type { EdgeError, ErrorShape } from './edge-error.js';
export { acceptedMediaTypes, frameworkEdgeError, isClientFrameworkError } from './framework-error.js';
export { type InternalFetch, internalFetch } from './internal-fetch.js';
export {
  CLIENT_REFUSED,
  type ClientRefusal,
  mutualTlsServerFactory,
  refusalOf,
  type TlsConfig,
  type TlsMaterial,
  tlsMaterial,
  tlsShape,
} from './mutual-tls.js';
export { collectRoutes, type RouteEntry, RouteTable, routesOf } from './route-table.js';
export {
  HTTP_SERVER_DEFAULTS,
  type HttpServerConfig,
  httpServerSchema,
  httpServerShape,
  serverTimeoutOptions,
} from './server-timeouts.js';
