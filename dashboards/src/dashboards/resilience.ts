import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardDefinition, labDashboard } from '../lab-dashboard.js';
import { labelVariable, stateTimeline, timeSeries } from '../panels.js';

const sel = 'service=~"$service", dependency=~"$dependency"';

/** genesys-resilience: what each policy of the selected services did: breaker, retries, fallbacks, cache, bulkhead. */
export const resilience: DashboardDefinition = {
  uid: 'genesys-resilience',
  build: () =>
    labDashboard(
      'genesys-resilience',
      'Genesys Lab / Resilience per service',
      'The resilience policies of each service at work: circuit breaker, retries, timeouts, fallbacks, stale-if-error cache, bulkhead.',
    )
      .withVariable(labelVariable('service', 'service', 'lab_dependency_calls_total'))
      .withVariable(labelVariable('dependency', 'dependency', 'lab_dependency_calls_total{service=~"$service"}'))
      .withRow(new RowBuilder('Circuit breaker'))
      .withPanel(
        stateTimeline(
          'Breaker state',
          [
            {
              expr: `max by (service, dependency, state) (lab_breaker_state{${sel}}) == 1`,
              legend: '{{service}} → {{dependency}}: {{state}}',
            },
          ],
          { description: 'The state each breaker is in (closed, open, half-open), over time.', width: 24, height: 6 },
        ),
      )
      .withPanel(
        timeSeries(
          'Breaker transitions',
          [
            {
              expr: `sum by (service, dependency, from, to) (increase(lab_breaker_transitions_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}: {{from}} → {{to}}',
            },
          ],
          { description: 'State changes of each breaker.' },
        ),
      )
      .withPanel(
        timeSeries(
          'Calls refused by an open breaker',
          [
            {
              expr: `sum by (service, dependency) (rate(lab_breaker_rejected_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}',
            },
          ],
          {
            description: 'Calls not sent because the circuit was open: the dependency is given time to recover.',
            unit: 'reqps',
          },
        ),
      )
      .withRow(new RowBuilder('Retries, timeouts, fallbacks'))
      .withPanel(
        timeSeries(
          'Retries by reason',
          [
            {
              expr: `sum by (service, dependency, reason) (rate(lab_dependency_retries_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}: {{reason}}',
            },
          ],
          {
            description:
              'Retries scheduled, by the failure that caused them (http-429, http-503, timeout, ECONNRESET...).',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Timeouts',
          [
            {
              expr: `sum by (service, dependency) (rate(lab_dependency_timeouts_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}',
            },
          ],
          { description: 'Attempts abandoned by the timeout policy.', unit: 'reqps' },
        ),
      )
      .withPanel(
        timeSeries(
          'Fallbacks by reason',
          [
            {
              expr: `sum by (service, dependency, reason) (rate(lab_fallbacks_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}: {{reason}}',
            },
          ],
          { description: 'Calls answered by a fallback instead of the dependency.', unit: 'reqps' },
        ),
      )
      .withPanel(
        timeSeries(
          'Cache lookups: hit, miss, stale',
          [
            {
              expr: `sum by (service, dependency, outcome) (rate(lab_cache_lookups_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}: {{outcome}}',
            },
          ],
          {
            description: 'stale: the dependency failed and the last good answer was served (stale-if-error).',
            unit: 'reqps',
          },
        ),
      )
      .withRow(new RowBuilder('Bulkhead'))
      .withPanel(
        timeSeries(
          'Bulkhead in use and queued',
          [
            {
              expr: `sum by (service, dependency) (lab_bulkhead_in_use{${sel}})`,
              legend: '{{service}} → {{dependency}} in use',
            },
            {
              expr: `sum by (service, dependency) (lab_bulkhead_queued{${sel}})`,
              legend: '{{service}} → {{dependency}} queued',
            },
          ],
          { description: 'Calls running inside the bulkhead and calls waiting for a slot.' },
        ),
      )
      .withPanel(
        timeSeries(
          'Bulkhead rejected',
          [
            {
              expr: `sum by (service, dependency) (rate(lab_bulkhead_rejected_total{${sel}}[$__rate_interval]))`,
              legend: '{{service}} → {{dependency}}',
            },
          ],
          { description: 'Calls refused because the bulkhead and its queue were full.', unit: 'reqps' },
        ),
      )
      .build(),
};
