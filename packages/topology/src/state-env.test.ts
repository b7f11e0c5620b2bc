import { describe, expect, it } from 'vitest';
import { stateEnv, topology } from './index.js';

describe('stateEnv', () => {
  it("puts the exporter's EXPORT_DIR under the lab's state dir", () => {
    expect(stateEnv('analytics-exporter', '/tmp/lab-a')).toEqual({ EXPORT_DIR: '/tmp/lab-a/exports' });
  });

  it('gives two state dirs two different folders for every stateful app', () => {
    for (const name of Object.keys(topology.services)) {
      const a = Object.values(stateEnv(name, '/tmp/lab-a'));
      const b = Object.values(stateEnv(name, '/tmp/lab-b'));
      for (const dir of a) expect(b).not.toContain(dir);
    }
  });

  it('is empty for an app without state and refuses an unknown one', () => {
    expect(stateEnv('crm-sync', '/tmp/lab-a')).toEqual({});
    expect(() => stateEnv('nope', '/tmp/lab-a')).toThrow('unknown service nope');
  });
});
