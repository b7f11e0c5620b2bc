// The mTLS contract's files, read (for a service's own tools, e.g. webhook-processor's dead-letters command).
export { type InternalFetch, internalFetch, tlsMaterial } from '@lab/http-edge';
export {
  genesysLoginUrlOf,
  loadConfig,
  redisSettingsOf,
  type ServiceConfig,
  serviceConfigSchema,
  serviceConfigShape,
} from './config.js';
export {
  createServiceContext,
  type MetricsRegistry,
  type ServiceContext,
  type ServiceContextOptions,
} from './context.js';
export { callGenesys, type GenesysCallSpec } from './genesys-call.js';
export { createServiceHttp, serviceErrorShape } from './http.js';
export { redisTlsOptions } from './redis-tls.js';
export { resilienceOverridesWithDefaults } from './resilience-defaults.js';
export { type RunOptions, runService } from './run.js';
export { type ServeOptions, type ServiceParts, serve } from './serve.js';
export { type TopologyDefaults, topologyDefaults } from './topology-defaults.js';
export { BadRequest, parseInput } from './validation.js';
