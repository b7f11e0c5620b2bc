import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardDefinition, labDashboard } from '../lab-dashboard.js';
import { timeSeries } from '../panels.js';

const notifier = 'service="webhook-processor", dependency="notifier"';

/** genesys-webhook-pipeline: webhook-processor from intake to delivery: queue, retries, dead letters, latency. */
export const webhookPipeline: DashboardDefinition = {
  uid: 'genesys-webhook-pipeline',
  build: () =>
    labDashboard(
      'genesys-webhook-pipeline',
      'Genesys Lab / Webhook pipeline',
      'webhook-processor: events in (signed webhooks and the notifications WebSocket), the durable Redis Stream, retries, dead letters and delivery to the notifier.',
    )
      .withRow(new RowBuilder('Intake'))
      .withPanel(
        timeSeries(
          'Events accepted by source',
          [{ expr: 'sum by (source) (rate(webhook_events_received_total[$__rate_interval]))', legend: '{{source}}' }],
          {
            description:
              'Events durably accepted into the queue: signed webhooks and notifications from the WebSocket.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Refused and unavailable',
          [
            { expr: 'sum by (reason) (rate(webhook_rejected_total[$__rate_interval]))', legend: 'refused: {{reason}}' },
            {
              expr: 'sum by (source) (rate(webhook_unavailable_total[$__rate_interval]))',
              legend: 'Redis unreachable: {{source}}',
            },
          ],
          {
            description:
              'Webhooks refused (signature 401, replay 409, invalid 400) and events not accepted while Redis was unreachable.',
            unit: 'reqps',
          },
        ),
      )
      .withRow(new RowBuilder('Queue'))
      .withPanel(
        timeSeries('Queue depth and pending', [{ expr: 'sum by (state) (webhook_queue_depth)', legend: '{{state}}' }], {
          description: 'stream: entries not yet acknowledged; pending: delivered to a consumer but not acknowledged.',
        }),
      )
      .withPanel(
        timeSeries(
          'Dead letters',
          [
            { expr: 'sum(webhook_dead_letter_depth)', legend: 'in the dead-letter stream' },
            {
              expr: 'sum(rate(webhook_events_processed_total{outcome="dead_lettered"}[$__rate_interval]))',
              legend: 'dead-lettered/s',
            },
          ],
          { description: 'Entries that ran out of attempts: kept in the dead-letter stream, never dropped.' },
        ),
      )
      .withRow(new RowBuilder('Delivery'))
      .withPanel(
        timeSeries(
          'Processed by outcome',
          [
            {
              expr: 'sum by (outcome) (rate(webhook_events_processed_total[$__rate_interval]))',
              legend: '{{outcome}}',
            },
          ],
          {
            description: 'processed: delivered; duplicate: already delivered (idempotency); dead_lettered.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Retries and failures',
          [
            {
              expr: 'sum by (stage, reason) (rate(webhook_delivery_failures_total[$__rate_interval]))',
              legend: 'failed {{stage}}: {{reason}}',
            },
            {
              expr: `sum by (reason) (rate(lab_dependency_retries_total{${notifier}}[$__rate_interval]))`,
              legend: 'retry to notifier: {{reason}}',
            },
          ],
          {
            description:
              'Processing attempts that failed (left pending for a retry or dead-lettered) and retries of the notifier call.',
            unit: 'reqps',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Delivery latency to the notifier',
          [
            {
              expr: `histogram_quantile(0.95, sum by (le) (rate(lab_dependency_call_duration_seconds_bucket{${notifier}}[$__rate_interval])))`,
              legend: 'p95',
              exemplar: true,
            },
            {
              expr: `histogram_quantile(0.5, sum by (le) (rate(lab_dependency_call_duration_seconds_bucket{${notifier}}[$__rate_interval])))`,
              legend: 'p50',
            },
          ],
          {
            description: 'One delivery call to the notifier, retries included. Exemplars link to the trace in Jaeger.',
            unit: 's',
          },
        ),
      )
      .withPanel(
        timeSeries(
          'Deliveries recorded by the notifier',
          [
            { expr: 'sum(rate(mock_notifier_deliveries_total[$__rate_interval]))', legend: 'deliveries' },
            { expr: 'sum(rate(mock_notifier_duplicate_deliveries_total[$__rate_interval]))', legend: 'duplicates' },
          ],
          {
            description: 'The downstream truth: what the notifier received, and how many were duplicates.',
            unit: 'reqps',
          },
        ),
      )
      .build(),
};
