export { errorShapeProblem, MUST_NAME_FIELD, type ShapeKind } from './error-shape.js';
export { type FuzzRequest, type FuzzVocabulary, fuzzRequests } from './fuzz-request.js';
export {
  answerProblem,
  type FuzzResponse,
  type FuzzStats,
  type FuzzTarget,
  fuzzSettings,
  fuzzTarget,
} from './fuzz-run.js';
export { httpTo } from './http-send.js';
export { FUZZ_ADMIN_TOKEN, injectInto, mockTarget, type Send } from './mock-targets.js';
