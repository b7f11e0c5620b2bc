import type { MetricEmitter, MetricSignal } from '../metric-signal.js';
import { EXPORTER_METRICS } from './analytics-exporter.js';
import { DEPENDENCY_METRICS } from './dependency.js';
import { FAULT_METRICS } from './faults.js';
import { MOCK_CRM_METRICS, MOCK_GENESYS_METRICS, MOCK_NOTIFIER_METRICS } from './mocks.js';
import { SCHEDULER_METRICS } from './scheduler.js';
import { WEBHOOK_METRICS } from './webhook-processor.js';

export { EXPORT_DURATION_BUCKETS, EXPORTER_METRICS } from './analytics-exporter.js';
export { CALL_DURATION_BUCKETS, DEPENDENCY_METRICS } from './dependency.js';
export { FAULT_METRICS } from './faults.js';
export { MOCK_CRM_METRICS, MOCK_GENESYS_METRICS, MOCK_NOTIFIER_METRICS } from './mocks.js';
export { PULL_DURATION_BUCKETS, SCHEDULER_METRICS } from './scheduler.js';
export { WEBHOOK_METRICS } from './webhook-processor.js';

/** Every metric the lab serves, in groups: the page lists them in this order. */
export const METRIC_GROUPS: readonly { title: string; about: string; metrics: readonly MetricSignal[] }[] = [
  {
    title: 'Dependency metrics (every service)',
    about: 'What the resilience policies did, from the ResilienceEvents of each service (`@lab/telemetry`).',
    metrics: Object.values(DEPENDENCY_METRICS),
  },
  {
    title: 'webhook-processor',
    about: 'Intake, queue, processing, notification channel.',
    metrics: Object.values(WEBHOOK_METRICS),
  },
  { title: 'analytics-exporter', about: 'Exports, pages, resumes.', metrics: Object.values(EXPORTER_METRICS) },
  { title: 'scheduler', about: 'WFM pulls and the schedules served.', metrics: Object.values(SCHEDULER_METRICS) },
  {
    title: 'mock-genesys',
    about: 'The platform side: what the mock answered, its rate limits and faults.',
    metrics: Object.values(MOCK_GENESYS_METRICS),
  },
  { title: 'mock-crm', about: 'The CRM downstream.', metrics: Object.values(MOCK_CRM_METRICS) },
  { title: 'mock-notifier', about: 'The notification downstream.', metrics: Object.values(MOCK_NOTIFIER_METRICS) },
  {
    title: 'Faults in force',
    about:
      'Every mock serves its faults in force; the lab runner serves the Toxiproxy toxics in force (job `toxiproxy`). The dashboards draw both as annotations.',
    metrics: Object.values(FAULT_METRICS),
  },
];

/** Every declared metric. */
export const METRICS: readonly MetricSignal[] = METRIC_GROUPS.flatMap((group) => group.metrics);

/** prom-client's default process metrics, which every app serves (the mocks with their own prefix). */
export const DEFAULT_METRIC_PREFIXES: Readonly<Record<MetricEmitter, string>> = {
  'crm-sync': '',
  'webhook-processor': '',
  'analytics-exporter': '',
  scheduler: '',
  'mock-genesys': 'mock_genesys_',
  'mock-crm': 'mock_crm_',
  'mock-notifier': 'mock_notifier_',
  'toxics-exporter': '',
};

/** True for a prom-client default metric (`process_*`, `nodejs_*`, after the app's prefix). */
export function isDefaultMetric(name: string, emitter: MetricEmitter): boolean {
  const rest = name.startsWith(DEFAULT_METRIC_PREFIXES[emitter])
    ? name.slice(DEFAULT_METRIC_PREFIXES[emitter].length)
    : name;
  return rest.startsWith('process_') || rest.startsWith('nodejs_');
}

/** The metrics `emitter` serves besides the default ones. */
export function metricsOf(emitter: MetricEmitter): MetricSignal[] {
  return METRICS.filter((signal) => signal.emittedBy.includes(emitter));
}
