import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { type Experiment, experimentSchema } from './schema/experiment.js';

/** A bad experiment file or name: the CLI prints the message as its one line. */
export class ExperimentError extends Error {}

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** Reads and validates one experiment file (YAML or JSON); the error names the file and the field. */
export function loadExperimentFile(file: string): Experiment {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExperimentError(`experiment ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = experimentSchema.safeParse(raw);
  if (!result.success) throw new ExperimentError(`experiment ${file} is malformed: ${describeIssues(result.error)}`);
  const expected = basename(file, extname(file));
  if (result.data.name !== expected) {
    throw new ExperimentError(`experiment ${file} is malformed: name "${result.data.name}" must match the file name`);
  }
  return result.data;
}

/** Every experiment of a folder, in file-name order; `only` picks some by name (unknown names are an error). */
export function loadExperiments(dir: string, only: string[] = []): Experiment[] {
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  const experiments = files.map((f) => loadExperimentFile(join(dir, f)));
  if (only.length === 0) return experiments;
  const known = new Set(experiments.map((e) => e.name));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ExperimentError(`unknown experiment "${unknown.join('", "')}"; known: ${[...known].join(', ')}`);
  }
  return only.map((name) => experiments.find((e) => e.name === name) as Experiment);
}
