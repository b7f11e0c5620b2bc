import { metric } from '../metric-signal.js';

const emittedBy = ['analytics-exporter'] as const;
const outcome = 'completed, failed, rejected (refused because too many were running)';

/** Seconds, from a small export to one that waits long for its job (crash downtime included). */
export const EXPORT_DURATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600] as const;

/** analytics-exporter's own metrics: exports, pages and conversations written, resumes. */
export const EXPORTER_METRICS = {
  conversations: metric({
    name: 'exporter_conversations_written_total',
    type: 'counter',
    help: 'Conversations appended (and fsynced) to export files',
    unit: 'conversations',
    labels: {},
    emittedBy,
  }),
  pages: metric({
    name: 'exporter_pages_written_total',
    type: 'counter',
    help: 'Job results pages appended to export files (pages wholly skipped after a job was recreated excluded)',
    unit: 'pages',
    labels: {},
    emittedBy,
  }),
  exports: metric({
    name: 'exporter_exports_total',
    type: 'counter',
    help: 'Exports that ended, by outcome (rejected: refused because too many were running)',
    unit: 'exports',
    labels: { outcome },
    emittedBy,
  }),
  duration: metric({
    name: 'exporter_export_duration_seconds',
    type: 'histogram',
    help: 'From an export being accepted to its end, restarts included, by outcome',
    unit: 'seconds',
    labels: { outcome },
    emittedBy,
    buckets: EXPORT_DURATION_BUCKETS,
  }),
  resumed: metric({
    name: 'exporter_resumed_total',
    type: 'counter',
    help: 'Exports resumed from their checkpoint at start-up (or restarted after failing)',
    unit: 'exports',
    labels: {},
    emittedBy,
  }),
  jobsRecreated: metric({
    name: 'exporter_jobs_recreated_total',
    type: 'counter',
    help: 'Details jobs created again for the same interval because the previous one was gone or expired',
    unit: 'jobs',
    labels: {},
    emittedBy,
  }),
  running: metric({
    name: 'exporter_exports_running',
    type: 'gauge',
    help: 'Exports running now',
    unit: 'exports',
    labels: {},
    emittedBy,
  }),
};
