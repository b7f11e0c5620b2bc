import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (packages/lab-runner/{src,dist}/paths.*). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Where `lab start` keeps every piece of state: logs, Jaeger's and Prometheus' data and each app's own folders
 * (topology `stateDirs`, e.g. the exporter's EXPORT_DIR): LAB_STATE_DIR, else .lab/ in the repo (ignored by git).
 */
export const labStateDir = process.env.LAB_STATE_DIR ?? join(repoRoot, '.lab');
