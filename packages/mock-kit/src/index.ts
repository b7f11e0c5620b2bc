export { checkAdmin } from './admin-guard.js';
export { registerErrorHandling } from './error-handler.js';
export { type ApiPipelineOptions, type LabelledCounter, registerApiPipeline } from './faults/api-pipeline.js';
export { FaultControls, type InjectedError } from './faults/fault-controls.js';
export { type FaultRoutesOptions, registerFaultRoutes } from './faults/fault-routes.js';
export {
  type ErrorRateSpec,
  errorRateSchema,
  type FaultKind,
  type SlowSpec,
  slowSchema,
} from './faults/fault-specs.js';
export { seededRandom } from './faults/seeded-random.js';
export { type ErrorBody, HttpError } from './http-error.js';
export { loadConfigOrExit } from './load-config-or-exit.js';
export { type SignalledProcess, serveUntilSignal } from './serve-until-signal.js';
export { parseInput } from './validation.js';
