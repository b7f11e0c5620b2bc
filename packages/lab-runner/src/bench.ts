// The benchmarks' helpers (`@lab/lab-runner/bench`), apart from the runner's own entry so that the lab never loads a
// load generator: CPU time and pinning of processes, one call over wrk or autocannon, and the median of rounds.
export {
  LOAD_GENERATORS,
  type LoadGeneratorName,
  type LoadOptions,
  type LoadRequest,
  type LoadResult,
  runLoad,
} from './load-generator.js';
export { median, medianAndRange } from './median.js';
export { benchCpuSplit, cpuSecondsOf, pinToCpus } from './process-cpu.js';
