/**
 * Rewrites the defaults table in packages/resilience/README.md from resilienceConfigSchema. Run after a build:
 *   npx turbo run build --filter=@lab/resilience && node packages/resilience/dist/write-defaults-table.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withDefaultsTable } from './defaults-table.js';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withDefaultsTable(before);
writeFileSync(readme, after);
console.log(before === after ? 'README defaults table already current' : `rewrote the defaults table in ${readme}`);
