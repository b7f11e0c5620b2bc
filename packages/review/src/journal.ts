import type { LoadResult } from './actions/load.js';
import type { ProbeOutcome } from './probes/run-probe.js';

export type Mode = 'resilient' | 'naive';

/** One activity of the method or the rollbacks, as Chaos Toolkit journals it. */
export interface ActivityRecord {
  activity: string;
  status: 'succeeded' | 'failed';
  start: string;
  end: string;
  output?: string;
  error?: string;
}

export interface SteadyState {
  steady_state_met: boolean;
  probes: ProbeOutcome[];
}

/** One run of one experiment on one side (Chaos Toolkit's journal, one per side). */
export interface RunJournal {
  experiment: string;
  title: string;
  mode: Mode;
  /** completed: ran to the end (deviated or not); failed: the steady state did not hold before; aborted: halted
   * or interrupted; skipped: not run (`skipped` says why), neither held nor deviated. */
  status: 'completed' | 'failed' | 'aborted' | 'skipped';
  skipped?: string;
  deviated: boolean;
  /** The block probes that did not hold, by name: what a failing verdict names. */
  failed: string[];
  warnings: string[];
  halted?: string;
  start: string;
  end: string;
  duration: number;
  steady_states: { before: SteadyState | null; during: SteadyState | null; after: SteadyState | null };
  run: ActivityRecord[];
  rollbacks: ActivityRecord[];
  loads: LoadResult[];
}

/** The whole review: every experiment, both sides, and the verdict (resilient side only). */
export interface ReviewJournal {
  seed: number;
  form: 'short' | 'long';
  lab: string;
  start: string;
  end: string;
  experiments: { name: string; title: string; resilient: RunJournal; naive?: RunJournal }[];
  /** passed: no resilient run deviated. */
  verdict: 'passed' | 'failed';
}
