import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario, readCatalog } from './catalog.js';
import { k6Major } from './k6-binary.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the scenario catalog', () => {
  it('reads each scenario with the summary of its first line', () => {
    const dir = dirWith({ 'crm-down.ts': '// crm-down: the CRM is cut.\nexport {};\n', 'a.txt': 'not a scenario' });
    expect(readCatalog(dir)).toEqual([
      { name: 'crm-down', file: join(dir, 'crm-down.ts'), summary: 'the CRM is cut.' },
    ]);
  });

  it('refuses a scenario whose first line does not name it', () => {
    const dir = dirWith({ 'spike.ts': '// baseline: copied header\n' });
    expect(() => readCatalog(dir)).toThrow(/spike\.ts must start with "\/\/ spike: /);
  });

  it('names every scenario when asked for one that does not exist', () => {
    const catalog = [{ name: 'smoke', file: 'smoke.ts', summary: '' }];
    expect(() => findScenario(catalog, 'smok')).toThrow('no scenario "smok"; the scenarios are: smoke');
  });

  it('reads the major version of k6 version output', () => {
    expect(k6Major('k6 v2.2.0 (commit/devel, go1.26.8, linux/amd64)')).toBe(2);
    expect(k6Major('k6 v1.4.1')).toBe(1);
    expect(k6Major('not k6')).toBeUndefined();
  });
});
