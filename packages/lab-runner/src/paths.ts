import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (packages/lab-runner/{src,dist}/paths.*). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where `lab start` writes process logs: LAB_STATE_DIR, else .lab/ in the repo (ignored by git). */
export const labStateDir = process.env.LAB_STATE_DIR ?? join(repoRoot, '.lab');
