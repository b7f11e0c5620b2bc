import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScenarioEntry {
  name: string;
  file: string;
  /** The scenario's first comment line, after "<name>: ". */
  summary: string;
}

/** Every scenario in `dir` (one `.ts` file each), with the one-line summary its first comment gives. */
export function readCatalog(dir: string): ScenarioEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -3);
      const first = readFileSync(join(dir, f), 'utf8').split('\n')[0] ?? '';
      const match = /^\/\/\s*([\w-]+):\s*(.*)$/.exec(first);
      if (!match || match[1] !== name) {
        throw new Error(`${join(dir, f)} must start with "// ${name}: <what it proves>"`);
      }
      return { name, file: join(dir, f), summary: match[2]! };
    });
}

/** The entry for `name`, or an error that lists what exists. */
export function findScenario(catalog: ScenarioEntry[], name: string): ScenarioEntry {
  const entry = catalog.find((s) => s.name === name);
  if (!entry) {
    throw new Error(`no scenario "${name}"; the scenarios are: ${catalog.map((s) => s.name).join(', ')}`);
  }
  return entry;
}
