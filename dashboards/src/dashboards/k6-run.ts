import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardDefinition, labDashboard } from '../lab-dashboard.js';
import { labelVariable, statPanel, timeSeries } from '../panels.js';

// k6 v2's experimental-prometheus-rw output (npm run load sets K6_PROMETHEUS_RW_TREND_STATS=p(50),p(95),p(99),max):
// counters as k6_<name>_total, rates as k6_<name>_rate, gauges as k6_<name>, trends as k6_<name>_<stat>; each
// series carries the request's tags (scenario, call, method, status, ...).
const run = 'scenario=~"$scenario"';
const GREEN_RED = [
  { value: null, color: 'red' },
  { value: 1, color: 'green' },
];

/** genesys-k6-run: one k6 scenario as it runs (npm run load -- <name>, or the compose k6 profile). */
export const k6Run: DashboardDefinition = {
  uid: 'genesys-k6-run',
  build: () =>
    labDashboard(
      'genesys-k6-run',
      'Genesys Lab / k6 run',
      "A k6 scenario's virtual users, request rate, latency percentiles and its thresholds' figures, from k6's Prometheus remote write.",
    )
      .withVariable(labelVariable('scenario', 'scenario', 'k6_http_reqs_total'))
      .withRow(new RowBuilder('Thresholds'))
      .withPanel(
        statPanel('Checks passed', [{ expr: `min(k6_checks_rate{${run}})`, legend: 'checks' }], {
          description: 'Share of checks passed (threshold checks: rate==1). Red: the run fails its checks threshold.',
          unit: 'percentunit',
          thresholds: GREEN_RED,
        }),
      )
      .withPanel(
        statPanel(
          'Failed requests by call',
          [{ expr: `max by (call) (k6_http_req_failed_rate{${run}})`, legend: '{{call}}' }],
          {
            description:
              'Share of failed requests per call (threshold http_req_failed{call:...}: rate==0). Red: above 0.',
            unit: 'percentunit',
            thresholds: [
              { value: null, color: 'green' },
              { value: 0.000001, color: 'red' },
            ],
          },
        ),
      )
      .withPanel(
        statPanel(
          'Data Action p95 / max',
          [
            { expr: `max(k6_http_req_duration_p95{call="data-action", ${run}})`, legend: 'p95' },
            { expr: `max(k6_http_req_duration_max{call="data-action", ${run}})`, legend: 'max' },
          ],
          {
            description:
              'The Data Action window (dataActionWindow: p95 < 1 s, max < 3 s): Genesys gives a Data Action endpoint 3 s.',
            unit: 's',
            thresholds: [
              { value: null, color: 'green' },
              { value: 1, color: 'orange' },
              { value: 3, color: 'red' },
            ],
          },
        ),
      )
      .withPanel(
        statPanel(
          'Virtual users',
          [
            { expr: `sum(k6_vus)`, legend: 'VUs' },
            { expr: `sum(k6_vus_max)`, legend: 'max' },
          ],
          {
            description: 'Virtual users running now, and the most the run may start.',
          },
        ),
      )
      .withRow(new RowBuilder('Load'))
      .withPanel(
        timeSeries('Virtual users', [{ expr: 'sum(k6_vus)', legend: 'VUs' }], {
          description: 'Virtual users over the run.',
        }),
      )
      .withPanel(
        timeSeries(
          'Requests per second by call and status',
          [
            {
              expr: `sum by (call, status) (rate(k6_http_reqs_total{${run}}[$__rate_interval]))`,
              legend: '{{call}} {{status}}',
            },
          ],
          { description: 'What k6 sent, by the call tag the scenarios give each request.', unit: 'reqps' },
        ),
      )
      .withPanel(
        timeSeries(
          'Latency percentiles by call',
          [
            { expr: `max by (call) (k6_http_req_duration_p50{${run}})`, legend: '{{call}} p50' },
            { expr: `max by (call) (k6_http_req_duration_p95{${run}})`, legend: '{{call}} p95' },
            { expr: `max by (call) (k6_http_req_duration_p99{${run}})`, legend: '{{call}} p99' },
          ],
          { description: "k6's http_req_duration per call, as k6 computes the percentiles.", unit: 's', width: 24 },
        ),
      )
      .withPanel(
        timeSeries(
          'Iterations per second',
          [{ expr: `sum by (scenario) (rate(k6_iterations_total{${run}}[$__rate_interval]))`, legend: '{{scenario}}' }],
          { description: 'Completed iterations of each scenario function.' },
        ),
      )
      .build(),
};
