import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (packages/lab-runner/{src,dist}/paths.*). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where `lab start` writes process logs (ignored by git). */
export const labStateDir = join(repoRoot, '.lab');
