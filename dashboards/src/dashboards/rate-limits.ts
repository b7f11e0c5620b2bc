import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardDefinition, labDashboard } from '../lab-dashboard.js';
import { labelVariable, stateTimeline, timeSeries } from '../panels.js';

/** genesys-rate-limits: one org budget per API family, shared by the four services, against the platform's limit. */
export const rateLimits: DashboardDefinition = {
  uid: 'genesys-rate-limits',
  build: () =>
    labDashboard(
      'genesys-rate-limits',
      'Genesys Lab / Rate limits',
      'The org-wide Genesys rate budget per API family: what all services used against the limit, what the platform told each service (inin-ratelimit-*), 429s on both sides, and the limiter mode.',
    )
      .withVariable(labelVariable('family', 'family', 'mock_genesys_org_budget_allowed'))
      .withRow(new RowBuilder('Budget'))
      .withPanel(
        timeSeries(
          'Org budget used vs limit per family',
          [
            { expr: 'sum by (family) (mock_genesys_org_budget_used{family=~"$family"})', legend: '{{family}} used' },
            {
              expr: 'max by (family) (mock_genesys_org_budget_allowed{family=~"$family"})',
              legend: '{{family}} limit',
            },
          ],
          {
            description:
              'Calls counted in the current org-wide window of the mock (all services together) and the limit per window.',
            width: 24,
          },
        ),
      )
      .withPanel(
        timeSeries(
          'inin-ratelimit-remaining per family',
          [
            {
              expr: 'min by (service, family) (lab_ratelimit_remaining{family=~"$family"})',
              legend: '{{service}} {{family}}',
            },
          ],
          { description: 'What the inin-ratelimit-remaining header last told each service.' },
        ),
      )
      .withPanel(
        timeSeries(
          'Waits for rate budget',
          [
            {
              expr: 'sum by (service, family, source) (rate(lab_ratelimit_waits_total{family=~"$family"}[$__rate_interval]))',
              legend: '{{service}} {{family}} ({{source}})',
            },
          ],
          { description: 'Calls that waited for budget before going out, by what made them wait.', unit: 'reqps' },
        ),
      )
      .withRow(new RowBuilder('429s'))
      .withPanel(
        timeSeries(
          '429s sent by the mock',
          [
            {
              expr: 'sum by (family, scope) (rate(mock_genesys_rate_limited_total{family=~"$family"}[$__rate_interval]))',
              legend: '{{family}} ({{scope}} budget)',
            },
          ],
          { description: 'The platform side: 429 answers, by the budget that ran out (token or org).', unit: 'reqps' },
        ),
      )
      .withPanel(
        timeSeries(
          '429s seen by the services',
          [
            {
              expr: 'sum by (service, dependency) (rate(lab_dependency_retries_total{dependency="genesys", reason="http-429"}[$__rate_interval]))',
              legend: '{{service}}',
            },
          ],
          {
            description: 'The client side: 429 answers the services received and retried after Retry-After.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        stateTimeline(
          'Limiter mode',
          [{ expr: 'max by (service, mode) (lab_ratelimit_mode) == 1', legend: '{{service}}: {{mode}}' }],
          {
            description:
              'redis: the org-wide budget is shared through Redis; local: Redis is unreachable and each service limits itself alone.',
            width: 24,
            height: 6,
          },
        ),
      )
      .build(),
};
