// Writes json/<uid>.json from the definitions in src/dashboards/ (npm run generate -w @lab/dashboards).
// A broken definition stops it before anything is written, with the dashboard and the panel named.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ALL_DASHBOARDS } from './all-dashboards.js';
import { DashboardError, generateDashboards, JSON_DIR } from './generate.js';
import { DASHBOARDS_ROOT, provisionedDatasources } from './provisioning.js';

try {
  const files = generateDashboards(
    ALL_DASHBOARDS,
    provisionedDatasources().map((d) => d.uid),
  );
  mkdirSync(DASHBOARDS_ROOT + JSON_DIR, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    let before = '';
    try {
      before = readFileSync(DASHBOARDS_ROOT + path, 'utf8');
    } catch {}
    if (before !== text) {
      writeFileSync(DASHBOARDS_ROOT + path, text);
      console.log(`wrote ${path}`);
    }
  }
  for (const file of readdirSync(DASHBOARDS_ROOT + JSON_DIR)) {
    if (!(`${JSON_DIR}/${file}` in files)) {
      rmSync(`${DASHBOARDS_ROOT}${JSON_DIR}/${file}`);
      console.log(`removed ${JSON_DIR}/${file} (no definition)`);
    }
  }
} catch (error) {
  console.error(error instanceof DashboardError ? error.message : error);
  process.exit(1);
}
