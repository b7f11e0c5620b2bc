import type { MetricsRegistry } from '@lab/service-kit';
import { counter, EXPORTER_METRICS, gauge, histogram } from '@lab/signals';

export type ExportOutcome = 'completed' | 'failed' | 'rejected';

/** The exporter's own metrics on the service's registry, as the telemetry registry declares them. */
export function createExporterMetrics(registry: MetricsRegistry) {
  const m = EXPORTER_METRICS;
  return {
    conversations: counter(registry, m.conversations),
    pages: counter(registry, m.pages),
    exports: counter(registry, m.exports),
    duration: histogram(registry, m.duration),
    resumed: counter(registry, m.resumed),
    jobsRecreated: counter(registry, m.jobsRecreated),
    running: gauge(registry, m.running),
  };
}

export type ExporterMetrics = ReturnType<typeof createExporterMetrics>;
