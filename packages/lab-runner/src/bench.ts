// The benchmarks' helpers (`@lab/lab-runner/bench`), apart from the runner's own entry so that the lab never loads a
// load generator: CPU time and pinning of processes, one call over wrk or autocannon, the median of rounds, and crm-sync telemetry variants loaded in rounds.
export {
  type CrmSyncVariant,
  failedRounds,
  loadVariantRounds,
  pairedCost,
  roundLine,
  startCrmSyncVariants,
  stopVariants,
  type VariantRound,
  type VariantRoundsOptions,
  type VariantRun,
} from './crm-sync-variants.js';
export {
  LOAD_GENERATORS,
  type LoadGeneratorName,
  type LoadOptions,
  type LoadRequest,
  type LoadResult,
  runLoad,
} from './load-generator.js';
export { median, medianAndRange } from './median.js';
export { benchCpuSplit, cpuSecondsOf, cpuTimesOf, pinToCpus } from './process-cpu.js';
