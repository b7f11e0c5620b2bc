import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningNodeApp } from '@lab/lab-runner';
import type { ReviewJournal, RunJournal } from './journal.js';
import type { LabContext } from './lab-context.js';
import { startNaiveTwin } from './naive-twin.js';
import { experimentChart } from './report/chart.js';
import { junitXml } from './report/junit.js';
import { markdownReport } from './report/markdown.js';
import { seededRandom } from './rng.js';
import { runExperiment } from './run-experiment.js';
import type { Experiment } from './schema/experiment.js';
import type { Form } from './schema/form.js';

export interface ReviewOptions {
  seed: number;
  form: Form;
  lab: string;
  outDir: string;
  /** Also run each experiment against a naive copy of its target. */
  naive: boolean;
  signal: AbortSignal;
  progress: (line: string) => void;
}

/** Runs every experiment, resilient then naive, and writes journal.json, report.md (+ SVGs) and junit.xml. */
export async function runReview(
  ctx: LabContext,
  experiments: Experiment[],
  options: ReviewOptions,
): Promise<ReviewJournal> {
  const review: ReviewJournal = {
    seed: options.seed,
    form: options.form,
    lab: options.lab,
    start: new Date().toISOString(),
    end: '',
    experiments: [],
    verdict: 'passed',
  };
  const twins = new Map<string, RunningNodeApp>();
  try {
    for (const [index, experiment] of experiments.entries()) {
      if (options.signal.aborted) break;
      // Each experiment and side draws from its own stream of the seed: adding one does not shift the others.
      const random = (side: number) => seededRandom((options.seed + index * 7_919 + side) >>> 0);
      const base = { form: options.form, signal: options.signal, progress: options.progress };
      const resilient = await runExperiment(ctx, experiment, { ...base, mode: 'resilient', random: random(0) });
      options.progress(`[${experiment.name} resilient] ${outcomeLine(resilient, 'DEVIATED')}`);
      let naive: typeof resilient | undefined;
      if (options.naive && !options.signal.aborted) {
        const twinKey = `${experiment.target}|${JSON.stringify(experiment.naiveEnv)}`;
        let twin = twins.get(twinKey);
        if (!twin) {
          twin = await startNaiveTwin(
            ctx.topology,
            experiment.target,
            join(options.outDir, 'logs'),
            experiment.naiveEnv,
          );
          twins.set(twinKey, twin);
        }
        ctx.replaced.set(experiment.target, twin.url);
        // The copy is the review's own process: a kill -9 on the naive side hits it, never the lab's instance.
        const labInstance = ctx.owned.get(experiment.target);
        ctx.owned.set(experiment.target, twin);
        try {
          naive = await runExperiment(ctx, experiment, {
            ...base,
            mode: 'naive',
            random: random(1),
            env: experiment.naiveEnv,
          });
        } finally {
          ctx.replaced.delete(experiment.target);
          if (labInstance) ctx.owned.set(experiment.target, labInstance);
          else ctx.owned.delete(experiment.target);
        }
        options.progress(`[${experiment.name} naive] ${outcomeLine(naive, 'deviated')}`);
      }
      review.experiments.push({ name: experiment.name, title: experiment.title, resilient, naive });
      if (resilient.deviated) review.verdict = 'failed';
    }
  } finally {
    for (const twin of twins.values()) await twin.stop();
  }
  if (options.signal.aborted) review.verdict = 'failed';
  review.end = new Date().toISOString();
  writeOutputs(review, options.outDir);
  return review;
}

function outcomeLine(run: RunJournal, deviated: string): string {
  if (run.status === 'skipped') return run.skipped ?? 'skipped';
  if (run.deviated) return `${deviated}: ${run.failed.join('; ')}`;
  return run.warnings.length > 0 ? `held, with warnings: ${run.warnings.join('; ')}` : 'held';
}

function writeOutputs(review: ReviewJournal, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const chartFile = (name: string) => `${name}.svg`;
  for (const { name, title, resilient, naive } of review.experiments) {
    const svg = experimentChart(title, [
      { mode: 'resilient', load: resilient.loads[0] },
      { mode: 'naive', load: naive?.loads[0] },
    ]);
    writeFileSync(join(outDir, chartFile(name)), svg);
  }
  writeFileSync(join(outDir, 'journal.json'), `${JSON.stringify(review, null, 2)}\n`);
  writeFileSync(join(outDir, 'report.md'), markdownReport(review, chartFile));
  writeFileSync(join(outDir, 'junit.xml'), junitXml(review));
}
