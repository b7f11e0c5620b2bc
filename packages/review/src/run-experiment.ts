import { pause } from '@lab/async';
import { applyFault, clearToxics } from './actions/fault-actions.js';
import { faultLedger } from './actions/fault-ledger.js';
import { type LoadResult, runLoad } from './actions/load.js';
import { holdWithin } from './hold-within.js';
import type { ActivityRecord, Mode, RunJournal, SteadyState } from './journal.js';
import type { LabContext } from './lab-context.js';
import { servicesGenesysAttempts } from './probes/genesys-budget.js';
import { metricKey, type ProbeScope, readMetric, runProbe } from './probes/run-probe.js';
import type { SeededRandom } from './rng.js';
import type { Action, FaultAction } from './schema/action.js';
import type { Experiment } from './schema/experiment.js';
import { type Form, pickForm } from './schema/form.js';
import type { Probe } from './schema/probe.js';

export interface RunOptions {
  mode: Mode;
  form: Form;
  random: SeededRandom;
  /** Aborted on Ctrl-C: the method stops, the rollbacks still run. */
  signal: AbortSignal;
  progress: (line: string) => void;
  /** Settings of this side's copy of the target (the naive side: the experiment's naiveEnv). */
  env?: Record<string, string>;
}

/** The services a method kills that the review does not own (then the run is skipped: it needs --start-lab). */
function unkillable(ctx: LabContext, experiment: Experiment): string[] {
  const steps: (Action | FaultAction)[] = [];
  for (const a of experiment.method) steps.push(a, ...(a.type === 'load' ? a.during : []));
  return steps.flatMap((a) => (a.type === 'kill' && !ctx.owned.has(a.service) ? [a.service] : []));
}

async function steadyState(ctx: LabContext, probes: Probe[], scope: ProbeScope): Promise<SteadyState> {
  const outcomes = [];
  for (const probe of probes) outcomes.push(await runProbe(ctx, probe, scope));
  return { steady_state_met: outcomes.every((o) => o.ok || o.severity === 'warn'), probes: outcomes };
}

/**
 * Runs one experiment on one side: steady state before, the method, probes over what happened, rollbacks (always,
 * in a finally), steady state after (given `settleWithinMs` to hold again). Never throws for a deviation: the
 * journal says what happened.
 */
export async function runExperiment(ctx: LabContext, experiment: Experiment, options: RunOptions): Promise<RunJournal> {
  const started = Date.now();
  const scope: ProbeScope = {
    loads: new Map(),
    methodStartedAt: started,
    baselines: new Map(),
    firstReadings: new Map(),
    env: options.env ?? {},
    form: options.form,
    signal: options.signal,
  };
  const ledger = faultLedger();
  const hypothesis = experiment['steady-state-hypothesis'];
  const journal: RunJournal = {
    experiment: experiment.name,
    title: experiment.title,
    mode: options.mode,
    status: 'completed',
    deviated: false,
    failed: [],
    warnings: [],
    start: new Date(started).toISOString(),
    end: '',
    duration: 0,
    steady_states: { before: null, during: null, after: null },
    run: [],
    rollbacks: [],
    loads: [],
  };
  const say = (line: string) => options.progress(`[${experiment.name} ${options.mode}] ${line}`);

  const activity = async (name: string, fn: () => Promise<string | undefined>, into: ActivityRecord[]) => {
    const start = new Date().toISOString();
    try {
      const output = await fn();
      into.push({ activity: name, status: 'succeeded', start, end: new Date().toISOString(), output });
    } catch (error) {
      into.push({
        activity: name,
        status: 'failed',
        start,
        end: new Date().toISOString(),
        error: (error as Error).message,
      });
      throw error;
    }
  };
  const perform = async (action: Action, into: ActivityRecord[]) => {
    switch (action.type) {
      case 'load':
        return activity(
          `load ${action.name}`,
          async () => {
            const result: LoadResult = await runLoad(ctx, action, {
              form: options.form,
              random: options.random,
              idPrefix: `rv${options.random.seed}-${options.mode[0]}-${experiment.name}`,
              signal: options.signal,
              onHalt: (why) => say(`HALT: ${why}`),
            });
            scope.loads.set(action.name, result);
            journal.loads.push(result);
            if (result.halted) journal.halted = result.halted;
            return `${result.samples.length} answers of ${result.sent} sent${result.halted ? `; halted: ${result.halted}` : ''}`;
          },
          into,
        );
      case 'wait':
        return activity(
          'wait',
          async () => {
            const ms = pickForm(action.ms, options.form) + options.random.int(0, action.jitterMs);
            await pause(ms, options.signal);
            return `${ms} ms`;
          },
          into,
        );
      case 'clear-faults':
        return activity(
          'clear faults',
          async () => {
            const undone = await ledger.undoAll();
            await clearToxics(ctx);
            return `${undone.length} undone`;
          },
          into,
        );
      default:
        return activity(action.type, () => applyFault(ctx, action, ledger, options.form), into);
    }
  };

  const cannotKill = unkillable(ctx, experiment);
  if (cannotKill.length > 0) {
    journal.status = 'skipped';
    journal.skipped = `skipped: needs --start-lab (kill -9 of ${cannotKill.join(', ')}: the review started no process of this lab)`;
    journal.end = new Date().toISOString();
    return journal;
  }
  try {
    say('steady state before');
    journal.steady_states.before = await holdWithin(
      () => steadyState(ctx, hypothesis.probes, scope),
      pickForm(hypothesis.reachWithinMs, options.form),
      options.signal,
    );
    if (!journal.steady_states.before.steady_state_met) {
      journal.status = 'failed';
      journal.deviated = true;
      journal.failed = journal.steady_states.before.probes.filter((p) => !p.ok).map((p) => `before: ${p.name}`);
      journal.end = new Date().toISOString();
      journal.duration = (Date.now() - started) / 1_000;
      return journal;
    }
    for (const probe of [...hypothesis.probes, ...experiment.during]) {
      if (probe.provider.type === 'metric' && probe.provider.as === 'delta') {
        scope.baselines.set(metricKey(probe.provider), await readMetric(ctx, probe.provider));
      }
    }
    const probes = [...hypothesis.probes, ...experiment.during];
    if (probes.some((p) => p.provider.type === 'genesys-budget')) {
      scope.budgetBaseline = { services: await servicesGenesysAttempts(ctx), at: Date.now() };
    }
    scope.methodStartedAt = Date.now();
    for (const action of experiment.method) {
      if (options.signal.aborted || journal.halted) break;
      say(action.type === 'load' ? `load ${action.name}` : action.type);
      await perform(action, journal.run);
    }
    if (options.signal.aborted) journal.status = 'aborted';
    journal.steady_states.during = await steadyState(ctx, experiment.during, scope);
  } catch (error) {
    journal.status = 'aborted';
    journal.failed.push(`method: ${(error as Error).message}`);
  } finally {
    say('rollbacks');
    for (const action of experiment.rollbacks) await perform(action, journal.rollbacks).catch(() => undefined);
    for (const undone of await ledger.undoAll()) {
      journal.rollbacks.push({
        activity: `undo ${undone.description}`,
        status: undone.error ? 'failed' : 'succeeded',
        start: new Date().toISOString(),
        end: new Date().toISOString(),
        error: undone.error,
      });
    }
  }

  if (journal.status === 'completed') {
    say('steady state after');
    journal.steady_states.after = await holdWithin(
      () => steadyState(ctx, hypothesis.probes, scope),
      pickForm(hypothesis.settleWithinMs, options.form),
      options.signal,
    );
  }
  const failedIn = (phase: string, state: SteadyState | null) =>
    (state?.probes ?? []).filter((p) => !p.ok && p.severity === 'block').map((p) => `${phase}: ${p.name}`);
  const warnedIn = (state: SteadyState | null) =>
    (state?.probes ?? []).filter((p) => !p.ok && p.severity === 'warn').map((p) => p.name);
  journal.failed.push(
    ...failedIn('during', journal.steady_states.during),
    ...failedIn('after', journal.steady_states.after),
  );
  if (journal.halted) journal.failed.push(`halted: ${journal.halted}`);
  journal.warnings = [...warnedIn(journal.steady_states.during), ...warnedIn(journal.steady_states.after)];
  journal.deviated = journal.failed.length > 0 || journal.status !== 'completed';
  journal.end = new Date().toISOString();
  journal.duration = (Date.now() - started) / 1_000;
  return journal;
}
