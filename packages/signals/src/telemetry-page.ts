import type { MetricSignal } from './metric-signal.js';
import { DEFAULT_METRIC_PREFIXES, METRIC_GROUPS } from './metrics/index.js';
import { EXCEPTION_EVENT_ATTRIBUTES, JAEGER_DERIVED_TAGS, SEMCONV_ATTRIBUTES } from './semconv-attributes.js';
import { SPAN_ATTRIBUTES, SPAN_EVENTS } from './span-attributes.js';

/** Table cells hold no newline, no unescaped pipe and no `<` that Markdown would read as HTML. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('\n', ' ');
}

function labelsCell(signal: MetricSignal): string {
  const labels = Object.entries<string>(signal.labels);
  if (labels.length === 0) return '—';
  return labels.map(([name, values]) => `\`${name}\`: ${cell(values)}`).join('<br>');
}

function metricRow(signal: MetricSignal): string {
  const type = signal.exemplars ? `${signal.type}, exemplars` : signal.type;
  return `| \`${signal.name}\` | ${type} | ${signal.unit} | ${labelsCell(signal)} | ${cell(signal.help)} |`;
}

function metricSections(): string[] {
  return METRIC_GROUPS.flatMap((group) => [
    `### ${group.title}`,
    '',
    group.about,
    '',
    '| Metric | Type | Unit | Labels | Meaning |',
    '|---|---|---|---|---|',
    ...group.metrics.map(metricRow),
    '',
  ]);
}

function defaultMetricsSection(): string[] {
  const prefixed = Object.entries(DEFAULT_METRIC_PREFIXES)
    .filter(([, prefix]) => prefix !== '')
    .map(([app, prefix]) => `${app} as \`${prefix}process_*\`/\`${prefix}nodejs_*\``);
  return [
    '### Process metrics (every app)',
    '',
    `prom-client's default metrics (\`collectDefaultMetrics\`): \`process_*\` and \`nodejs_*\` (CPU, memory, event`,
    `loop lag, GC, handles) on the four services; ${prefixed.join(', ')}. They are prom-client's, not listed one by`,
    'one here.',
    '',
  ];
}

function k6Section(): string[] {
  return [
    '### k6 runs (remote write)',
    '',
    "`npm run load` and `docker compose run --rm k6` write k6's metrics into the same Prometheus (remote write),",
    "named by k6's output, not declared here: `k6_http_reqs_total`, `k6_iterations_total`, `k6_data_sent_total` /",
    '`k6_data_received_total`, `k6_dropped_iterations_total` (counters); `k6_vus`, `k6_vus_max` (gauges); every',
    'trend as `k6_<trend>_p50` / `_p95` / `_p99` / `_max` in its own unit (`k6_http_req_duration_p95`: seconds);',
    'every rate as `k6_<rate>_rate` (`k6_http_req_failed_rate`, `k6_checks_rate`). Labels: `scenario`, `call`',
    "(the lab's request tag: `data-action`, `webhook`, ...), `method`, `status`, `url`, `name`, `group`,",
    "`expected_response`, `error_code`, `proto`. A scenario's own tallies arrive the same way (`mock_org_429s`",
    'as `k6_mock_org_429s_total`); each is defined in its scenario file (`load/scenarios/`).',
    '',
  ];
}

function spanSections(): string[] {
  const own = Object.values(SPAN_ATTRIBUTES).map(
    (a) => `| \`${a.key}\` | ${a.type} | ${cell(a.on)} | ${cell(a.meaning)} |`,
  );
  const events = Object.values(SPAN_EVENTS).map((event) => {
    const attributes = Object.entries(event.attributes)
      .map(([key, meaning]) => `\`${key}\`: ${cell(meaning)}`)
      .join('<br>');
    return `| \`${event.name}\` | ${cell(event.meaning)} | ${attributes} |`;
  });
  const semconv = SEMCONV_ATTRIBUTES.map((a) => `| \`${a.key}\` | ${cell(a.on)} | ${cell(a.meaning)} |`);
  return [
    '## Spans',
    '',
    'Every service is traced with the OpenTelemetry Node SDK (`@lab/telemetry`) and exports to Jaeger. One trace per',
    'inbound request: the HTTP server span, a `genesys.<operation>` span per Genesys call (all its attempts, opened',
    'by `callGenesys`/`withGenesysSpan`), and under it one HTTP client span per attempt. The scheduler adds',
    '`scheduler.pull <job>` around each WFM pull. The mocks are not traced.',
    '',
    '### Span attributes the lab sets',
    '',
    '| Attribute | Type | On | Meaning |',
    '|---|---|---|---|',
    ...own,
    '',
    '### Span events',
    '',
    'A ResilienceEvent that is a moment (not a state) becomes a span event on the active span.',
    '',
    '| Event | When | Attributes |',
    '|---|---|---|',
    ...events,
    `| \`exception\` | A throw inside a Genesys span (status ERROR) | ${EXCEPTION_EVENT_ATTRIBUTES.map((k) => `\`${k}\``).join(', ')} (scrubbed of credentials) |`,
    '',
    '### OpenTelemetry semantic conventions beside them',
    '',
    "Set by the HTTP and undici instrumentations, by OpenTelemetry's stable HTTP semantic conventions. No header is",
    'ever recorded.',
    '',
    '| Attribute | On | Meaning |',
    '|---|---|---|',
    ...semconv,
    '',
    `Jaeger adds ${JAEGER_DERIVED_TAGS.map((t) => `\`${t}\``).join(', ')} when it stores an OTLP span (kind, scope`,
    'and status); resource attributes (`service.name`, `host.name`, `os.type`, `service.instance.id`, ...) are the',
    "process tags of each trace's process.",
    '',
  ];
}

/** docs/telemetry.md, generated from the registry: `src/telemetry-page.test.ts` fails when the file differs. */
export function telemetryPage(): string {
  return [
    '<!-- Generated from @lab/signals (packages/signals/src) by src/telemetry-page.ts; do not edit. Rewrite it:',
    '     npx turbo run build --filter=@lab/signals && node packages/signals/dist/write-telemetry-page.js -->',
    '# Telemetry: every signal the lab emits',
    '',
    'Every metric and span attribute below is declared once, in `packages/signals`, and apps create their metrics',
    'from those declarations (`counter(registry, WEBHOOK_METRICS.received)`), so a name, label or help text cannot',
    'drift from this page. `packages/telemetry/test/integration/signals-emitted.test.ts` starts the whole lab,',
    "drives every service (a fault included), and fails when an app's `/metrics` or a span in Jaeger carries a",
    'signal that is not declared here.',
    '',
    'Names follow Prometheus conventions: counters end in `_total`, durations are in seconds (`_seconds`), a 0/1',
    'state gauge has unit `1`. Counters and histograms marked *exemplars* carry the trace id of the call that',
    'moved them (OpenMetrics), which Prometheus keeps (`--enable-feature=exemplar-storage`) and Grafana links to',
    'Jaeger.',
    '',
    "Prometheus's scrape config (`docker/prometheus.yml`, and the native runner's) gives every target the label",
    "`service` (the app's topology name). On the four services the dependency metrics carry their own `service`",
    'label too, which Prometheus therefore stores as `exported_service` (same value); select by `service` either way.',
    '',
    '## Metrics',
    '',
    ...metricSections(),
    ...defaultMetricsSection(),
    ...k6Section(),
    ...spanSections(),
  ].join('\n');
}
