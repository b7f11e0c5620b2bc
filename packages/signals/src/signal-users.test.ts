import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_PREFIXES, isDefaultMetric, METRICS } from './metrics/index.js';

// The files that name metrics by string: the review's experiments (prometheus and metric probes), the k6
// scenarios (thresholds, mock counters read at the end), the walkthroughs and the root README. Each name they use
// must be one the registry declares, so a rename cannot leave a user behind.
const root = new URL('../../../', import.meta.url);
const FILES = [
  ...['packages/review/experiments/', 'load/scenarios/', 'load/lib/', 'docs/walkthroughs/'].flatMap((dir) =>
    readdirSync(new URL(dir, root)).map((file) => `${dir}${file}`),
  ),
  'README.md',
];
const METRIC_NAME = /\b(?:lab|mock_genesys|mock_crm|mock_notifier|webhook|exporter|scheduler)_[a-z0-9_]+\b/g;

/** A prom-client default process metric of some app (e.g. `mock_crm_process_open_fds`): the page lists them as a group. */
const isDefaultOfSomeApp = (name: string): boolean =>
  Object.entries(DEFAULT_METRIC_PREFIXES).some(
    ([app, prefix]) => name.startsWith(prefix) && isDefaultMetric(name, app as keyof typeof DEFAULT_METRIC_PREFIXES),
  );

/** A scenario's own k6 metrics (tally('x'), new Rate('x'), ...): k6 names them, not the registry. */
function k6Names(text: string): string[] {
  return [...text.matchAll(/(?:tally|new (?:Counter|Rate|Trend|Gauge))\('([a-z0-9_]+)'\)/g)].map((m) => m[1] ?? '');
}

describe('every metric name used by string', () => {
  const declared = new Set(
    METRICS.flatMap((signal) =>
      signal.type === 'histogram'
        ? [signal.name, `${signal.name}_bucket`, `${signal.name}_sum`, `${signal.name}_count`]
        : [signal.name],
    ),
  );
  const texts = FILES.map((file) => ({ file, text: readFileSync(new URL(file, root), 'utf8') }));
  const k6 = new Set(texts.flatMap(({ text }) => k6Names(text)));

  it('is declared in the registry (a prefix ending in "_" names a group, a k6 tally is k6’s)', () => {
    const unknown = texts.flatMap(({ file, text }) =>
      [...text.matchAll(METRIC_NAME)]
        .map((m) => m[0])
        .filter((name) => !name.endsWith('_') && !declared.has(name) && !k6.has(name) && !isDefaultOfSomeApp(name))
        .map((name) => `${file}: ${name}`),
    );
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('is found where it is used (the scan reads the experiments and the scenarios)', () => {
    const all = texts.map(({ text }) => text).join('\n');
    expect(all).toContain('mock_genesys_rate_limited_total');
    expect(all).toContain('webhook_websocket_reconnects_total');
  });
});
