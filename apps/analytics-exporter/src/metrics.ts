import type { MetricsRegistry } from '@lab/service-kit';
import { Counter, Gauge, Histogram } from 'prom-client';

/** Seconds, from a small export to one that waits long for its job (crash downtime included). */
const DURATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600];

export type ExportOutcome = 'completed' | 'failed' | 'rejected';

/** The exporter's own metrics on the service's registry (Prometheus naming: _total, _seconds). */
export function createExporterMetrics(registry: MetricsRegistry) {
  const registers = [registry];
  return {
    conversations: new Counter({
      name: 'exporter_conversations_written_total',
      help: 'Conversations appended (and fsynced) to export files',
      registers,
    }),
    pages: new Counter({
      name: 'exporter_pages_written_total',
      help: 'Job results pages appended to export files (pages wholly skipped after a job was recreated excluded)',
      registers,
    }),
    exports: new Counter({
      name: 'exporter_exports_total',
      help: 'Exports that ended, by outcome (rejected: refused because too many were running)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    duration: new Histogram({
      name: 'exporter_export_duration_seconds',
      help: 'From an export being accepted to its end, restarts included, by outcome',
      labelNames: ['outcome'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    resumed: new Counter({
      name: 'exporter_resumed_total',
      help: 'Exports resumed from their checkpoint at start-up (or restarted after failing)',
      registers,
    }),
    jobsRecreated: new Counter({
      name: 'exporter_jobs_recreated_total',
      help: 'Details jobs created again for the same interval because the previous one was gone or expired',
      registers,
    }),
    running: new Gauge({ name: 'exporter_exports_running', help: 'Exports running now', registers }),
  };
}

export type ExporterMetrics = ReturnType<typeof createExporterMetrics>;
