import fc from 'fast-check';
import { errorShapeProblem, type ShapeKind } from './error-shape.js';
import { type FuzzRequest, type FuzzVocabulary, fuzzRequests } from './fuzz-request.js';

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One app under fuzz: how to reach it and what its answers must look like. */
export interface FuzzTarget {
  name: string;
  kind: ShapeKind;
  vocabulary: FuzzVocabulary;
  send(request: FuzzRequest): Promise<FuzzResponse>;
  /** After each request (e.g. undo what an admin call changed: faults, limits, tokens). */
  after?(request: FuzzRequest, response: FuzzResponse): Promise<void>;
}

export interface FuzzStats {
  app: string;
  requests: number;
  byStatus: Record<string, number>;
  /** The smallest failing request fast-check found, with what was wrong; undefined when every run held. */
  failure?: string;
}

/** What is wrong with one answer, or undefined: no 5xx, and every 4xx in the app's shape naming the field. */
export function answerProblem(kind: ShapeKind, request: FuzzRequest, response: FuzzResponse): string | undefined {
  if (response.status >= 500) return `a ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`;
  if (response.status < 400 || request.method === 'HEAD') return undefined;
  if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
    return `a ${response.status} with content-type ${String(response.headers['content-type'])}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return `a ${response.status} whose body is not JSON`;
  }
  const problem = errorShapeProblem(kind, response.status, body, response.headers);
  return problem ? `${problem}: ${response.body.toString('utf8').slice(0, 300)}` : undefined;
}

const describe = (r: FuzzRequest) =>
  `${r.method} ${r.url.slice(0, 200)} (route ${r.route}) headers ${JSON.stringify(r.headers).slice(0, 300)} body ${
    r.body ? JSON.stringify(r.body.toString('utf8').slice(0, 200)) : '(none)'
  }`;

/**
 * Sends `numRuns` generated requests to one app (seeded: the same seed, the same requests) and checks each answer.
 * On a failure fast-check shrinks it to the smallest request that still fails, reported in `failure`.
 */
export async function fuzzTarget(
  target: FuzzTarget,
  { seed, numRuns }: { seed: number; numRuns: number },
): Promise<FuzzStats> {
  const stats: FuzzStats = { app: target.name, requests: 0, byStatus: {} };
  const property = fc.asyncProperty(fuzzRequests(target.vocabulary), async (request) => {
    let response: FuzzResponse;
    try {
      response = await target.send(request);
    } catch (error) {
      throw new Error(`no answer (${(error as Error).message}) to ${describe(request)}`);
    }
    stats.requests++;
    stats.byStatus[response.status] = (stats.byStatus[response.status] ?? 0) + 1;
    await target.after?.(request, response);
    const problem = answerProblem(target.kind, request, response);
    if (problem) throw new Error(`${target.name}: ${problem}\n  request: ${describe(request)}`);
  });
  const result = await fc.check(property, { seed, numRuns, endOnFailure: false, maxSkipsPerRun: 0 });
  if (result.failed) {
    const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    stats.failure = `${error}\n  (seed ${result.seed}, after ${result.numRuns} runs and ${result.numShrinks} shrinks)`;
  }
  return stats;
}

/** The fuzz settings: FUZZ_RUNS (runs per app) and FUZZ_SEED from the environment, else the short CI form. */
export function fuzzSettings(env: NodeJS.ProcessEnv, defaultRuns: number): { seed: number; numRuns: number } {
  const numRuns = Number(env.FUZZ_RUNS ?? defaultRuns);
  const seed = Number(env.FUZZ_SEED ?? 20_261_202);
  if (!Number.isInteger(numRuns) || numRuns < 1)
    throw new Error(`FUZZ_RUNS must be a whole number ≥ 1, got ${env.FUZZ_RUNS}`);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number, got ${env.FUZZ_SEED}`);
  return { seed, numRuns };
}
