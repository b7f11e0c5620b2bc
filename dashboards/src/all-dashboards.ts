import { k6Run } from './dashboards/k6-run.js';
import { labOverview } from './dashboards/lab-overview.js';
import { rateLimits } from './dashboards/rate-limits.js';
import { resilience } from './dashboards/resilience.js';
import { webhookPipeline } from './dashboards/webhook-pipeline.js';
import type { DashboardDefinition } from './lab-dashboard.js';

/** Every dashboard, one source file each in src/dashboards/, generated into json/<uid>.json. */
export const ALL_DASHBOARDS: DashboardDefinition[] = [labOverview, resilience, rateLimits, webhookPipeline, k6Run];
