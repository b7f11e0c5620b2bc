/**
 * Rewrites docs/telemetry.md from the registry. Run after a build:
 *   npx turbo run build --filter=@lab/signals && node packages/signals/dist/write-telemetry-page.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { telemetryPage } from './telemetry-page.js';

const page = fileURLToPath(new URL('../../../docs/telemetry.md', import.meta.url));
const before = (() => {
  try {
    return readFileSync(page, 'utf8');
  } catch {
    return '';
  }
})();
const after = telemetryPage();
writeFileSync(page, after);
console.log(before === after ? 'docs/telemetry.md already current' : `rewrote ${page}`);
