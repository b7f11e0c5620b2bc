import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { MOCK_FAULTS_EXPR, TOXICS_EXPR } from '../annotations.js';
import { type DashboardDefinition, labDashboard } from '../lab-dashboard.js';
import { labelVariable, statPanel, timeSeries } from '../panels.js';

const calls = 'lab_dependency_calls_total{service=~"$service"}';

/** genesys-lab-overview: every service's calls, errors and latency per dependency, and what is up. */
export const labOverview: DashboardDefinition = {
  uid: 'genesys-lab-overview',
  build: () =>
    labDashboard(
      'genesys-lab-overview',
      'Genesys Lab / Overview',
      'Calls, errors and latency of every service per dependency (through the resilience policies), the mocks, and the faults in force.',
    )
      .withVariable(labelVariable('service', 'service', 'lab_dependency_calls_total'))
      .withPanel(
        statPanel(
          'Targets up',
          [
            { expr: 'sum(up)', legend: 'up' },
            { expr: 'count(up == 0) or vector(0)', legend: 'down' },
          ],
          {
            description:
              'Scrape targets Prometheus reaches (up) and those it does not (down): every mock and service is one.',
          },
        ),
      )
      .withPanel(
        statPanel('Calls per second', [{ expr: `sum(rate(${calls}[$__rate_interval]))`, legend: 'calls/s' }], {
          description: 'Calls of the selected services to their dependencies, every outcome.',
          unit: 'reqps',
        }),
      )
      .withPanel(
        statPanel(
          'Error ratio',
          [
            {
              expr: `sum(rate(lab_dependency_calls_total{service=~"$service", outcome!="success"}[$__rate_interval])) / sum(rate(${calls}[$__rate_interval]))`,
              legend: 'not success',
            },
          ],
          {
            description: 'Share of calls that did not succeed first-hand (failure, rejected, fallback).',
            unit: 'percentunit',
          },
        ),
      )
      .withPanel(
        statPanel(
          'Faults in force',
          [
            { expr: `count(${MOCK_FAULTS_EXPR}) or vector(0)`, legend: 'mock faults' },
            { expr: `count(${TOXICS_EXPR}) or vector(0)`, legend: 'toxics' },
          ],
          {
            description: 'Mock faults (added through /__admin/faults) and Toxiproxy toxics in force now.',
          },
        ),
      )
      .withRow(new RowBuilder('Services → dependencies'))
      .withPanel(
        timeSeries(
          'Calls per service and dependency',
          [
            {
              expr: `sum by (service, dependency) (rate(${calls}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}',
              exemplar: true,
            },
          ],
          { description: 'One call counts once, whatever its retries.', unit: 'reqps' },
        ),
      )
      .withPanel(
        timeSeries(
          'Errors per service and dependency',
          [
            {
              expr: `sum by (service, dependency, outcome) (rate(lab_dependency_calls_total{service=~"$service", outcome!="success"}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}} {{outcome}}',
            },
          ],
          {
            description:
              'Calls that failed, were refused by an open breaker or a full bulkhead (rejected), or were answered by a fallback.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Latency p95 per service and dependency',
          [
            {
              expr: 'histogram_quantile(0.95, sum by (le, service, dependency) (rate(lab_dependency_call_duration_seconds_bucket{service=~"$service"}[$__rate_interval])))',
              legend: '{{service}} → {{dependency}}',
              exemplar: true,
            },
          ],
          {
            description: 'Time of one call, retries and waits included. Exemplars link to the trace in Jaeger.',
            unit: 's',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Latency p50 per service and dependency',
          [
            {
              expr: 'histogram_quantile(0.5, sum by (le, service, dependency) (rate(lab_dependency_call_duration_seconds_bucket{service=~"$service"}[$__rate_interval])))',
              legend: '{{service}} → {{dependency}}',
            },
          ],
          { description: 'The median call, for comparison with the p95.', unit: 's' },
        ),
      )
      .withRow(new RowBuilder('What the services did'))
      .withPanel(
        timeSeries(
          'Analytics exports',
          [
            { expr: 'sum(rate(exporter_pages_written_total[$__rate_interval]))', legend: 'pages/s' },
            { expr: 'sum(rate(exporter_conversations_written_total[$__rate_interval]))', legend: 'conversations/s' },
            { expr: 'sum(exporter_exports_running)', legend: 'exports running' },
          ],
          {
            description:
              'analytics-exporter: detail-job pages and conversations written to NDJSON, and exports running.',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Schedule pulls',
          [
            { expr: 'sum by (outcome) (increase(scheduler_pulls_total[$__rate_interval]))', legend: '{{outcome}}' },
            { expr: 'max(scheduler_schedule_age_seconds)', legend: 'age of the schedule served (s)' },
          ],
          {
            description:
              'scheduler: WFM pulls by outcome, and how old the schedule it serves is (stale while the API fails).',
          },
        ),
      )
      .withRow(new RowBuilder('Mocks'))
      .withPanel(
        timeSeries(
          'mock-genesys answers by status',
          [{ expr: 'sum by (status) (rate(mock_genesys_requests_total[$__rate_interval]))', legend: '{{status}}' }],
          {
            description: 'What the platform mock answered, by HTTP status: 429 and 503 are the platform pushing back.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Downstream mocks answers by status',
          [
            {
              expr: 'sum by (status) (rate(mock_crm_requests_total[$__rate_interval]))',
              legend: 'mock-crm {{status}}',
            },
            {
              expr: 'sum by (status) (rate(mock_notifier_requests_total[$__rate_interval]))',
              legend: 'mock-notifier {{status}}',
            },
          ],
          { description: 'What the CRM and the notifier answered.', unit: 'reqps' },
        ),
      )
      .build(),
};
