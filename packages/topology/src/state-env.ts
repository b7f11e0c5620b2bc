import { join } from 'node:path';
import { type Topology, topology } from './index.js';

/**
 * The variables that put an app's own state (its topology entry's `stateDirs`) under `stateDir`, the lab's state
 * folder: e.g. analytics-exporter gets EXPORT_DIR=<stateDir>/exports. With LAB_STATE_DIR set per lab, two labs
 * never share a folder. Empty for an app that keeps no state.
 */
export function stateEnv(name: string, stateDir: string, t: Topology = topology): Record<string, string> {
  const s = t.services[name];
  if (!s) throw new Error(`unknown service ${name}`);
  return Object.fromEntries(
    Object.entries(s.stateDirs ?? {}).map(([variable, folder]) => [variable, join(stateDir, folder)]),
  );
}
