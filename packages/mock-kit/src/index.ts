export { checkAdmin } from './admin-guard.js';
export { envInt, listenAddress, logLevel, parseEnv } from './env-config.js';
export { mockErrorShape, registerErrorHandling } from './error-handler.js';
export { ACTIVE_FAULTS_METRIC, registerActiveFaultsGauge } from './faults/active-faults-gauge.js';
export {
  type ApiPipelineOptions,
  injectedHttpError,
  type LabelledCounter,
  registerApiPipeline,
} from './faults/api-pipeline.js';
export { registerErrorRate } from './faults/error-rate.js';
export { FaultEngine, type FaultEngineOptions, MAX_FAULTS } from './faults/fault-engine.js';
export type {
  Fault,
  FaultEffect,
  FaultKind,
  FaultKindRegistry,
  FaultTarget,
  InjectedError,
  RequestFacts,
} from './faults/fault-kind.js';
export { type FaultRoutesOptions, registerFaultRoutes } from './faults/fault-routes.js';
export { registerMaintenance } from './faults/maintenance.js';
export { seededRandom } from './faults/seeded-random.js';
export { registerSlow } from './faults/slow.js';
export { type ErrorBody, HttpError } from './http-error.js';
export { loadConfigOrExit } from './load-config-or-exit.js';
export { LOGGED_HEADERS, type LoggedRequest, loggedRequest, type RequestFilter, RequestLog } from './request-log.js';
export { registerRequestLogRoute } from './request-log-route.js';
export { type SignalledProcess, serveUntilSignal } from './serve-until-signal.js';
export { parseInput } from './validation.js';
