import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExperimentFile, loadExperiments } from './load-experiments.js';

const shipped = join(dirname(fileURLToPath(import.meta.url)), '..', 'experiments');

describe('experiment files', () => {
  it('every shipped experiment validates, and names pick them', () => {
    const all = loadExperiments(shipped);
    expect(all.map((e) => e.name)).toContain('latency-sla');
    expect(loadExperiments(shipped, ['fallback-executes']).map((e) => e.name)).toEqual(['fallback-executes']);
    expect(() => loadExperiments(shipped, ['nope'])).toThrow('unknown experiment "nope"');
  });

  it('names the file and the field of a malformed experiment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exp-'));
    const file = join(dir, 'x.yaml');
    writeFileSync(
      file,
      'name: x\ntitle: t\ndescription: d\ntarget: crm-sync\nsteady-state-hypothesis: {title: t}\nmethod:\n  - {type: toxic, proxy: p, toxic: melt}\n',
    );
    expect(() => loadExperimentFile(file)).toThrow(/x\.yaml is malformed: method\.0\.toxic/);
    writeFileSync(file, 'name: [unclosed\n');
    expect(() => loadExperimentFile(file)).toThrow(/x\.yaml is not valid YAML/);
  });
});
