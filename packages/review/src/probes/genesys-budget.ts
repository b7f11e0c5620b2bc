import { mockGenesysToken } from '@lab/lab-runner';
import { type BudgetFigures, budgetFigures, countByFamily } from './budget-figures.js';

interface UsageRow {
  templateUri?: string;
  requests?: number;
}

/** The mock's API usage view (POST /api/v2/usage/query, then its results) over [from, to), per family. */
async function usageViewCounts(mockUrl: string, from: number, to: number, limits: Record<string, number>) {
  const headers = { authorization: `Bearer ${await mockGenesysToken(mockUrl)}`, 'content-type': 'application/json' };
  const interval = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
  const started = await fetch(`${mockUrl}/api/v2/usage/query`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ interval, groupBy: ['TemplateUri'], metrics: ['Requests'] }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!started.ok) throw new Error(`POST /api/v2/usage/query answered ${started.status}`);
  const { resultsUri } = (await started.json()) as { resultsUri: string };
  for (let attempt = 0; attempt < 20; attempt++) {
    const body = (await fetch(`${mockUrl}${resultsUri}`, { headers, signal: AbortSignal.timeout(5_000) }).then((r) =>
      r.json(),
    )) as { results?: UsageRow[]; queryStatus?: string };
    if (body.queryStatus === 'Complete') {
      const rows = (body.results ?? []).map((r) => ({ route: r.templateUri ?? '', count: r.requests ?? 0 }));
      return countByFamily(rows, limits);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the usage query did not complete');
}

/** Prometheus' figure: the increase of mock_genesys_requests_total per route between two instants (its scrapes). */
async function prometheusCounts(prometheusUrl: string, from: number, to: number, limits: Record<string, number>) {
  const at = async (time: number) => {
    const query = encodeURIComponent('sum by (route) (mock_genesys_requests_total{job="mock-genesys"})');
    const body = (await fetch(`${prometheusUrl}/api/v1/query?query=${query}&time=${time / 1_000}`, {
      signal: AbortSignal.timeout(5_000),
    }).then((r) => r.json())) as { data?: { result?: { metric: { route?: string }; value: [number, string] }[] } };
    return new Map((body.data?.result ?? []).map((s) => [s.metric.route ?? '', Number(s.value[1])]));
  };
  const [before, after] = await Promise.all([at(from), at(to)]);
  const rows = [...after].map(([route, value]) => ({ route, count: value - (before.get(route) ?? 0) }));
  return countByFamily(rows, limits);
}

/** The instants (ms) Prometheus scraped the mock in the last 2 minutes, oldest first. */
async function scrapeInstants(prometheusUrl: string): Promise<number[]> {
  const query = encodeURIComponent('up{job="mock-genesys"}[120s]');
  const body = (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`, {
    signal: AbortSignal.timeout(5_000),
  }).then((r) => r.json())) as { data?: { result?: { values: [number, string][] }[] } };
  return (body.data?.result?.[0]?.values ?? []).map(([t]) => Math.round(t * 1_000));
}

/**
 * The org budget used since the method began, from both the mock's usage view and Prometheus. Prometheus sees the
 * mock only at its scrapes, so both figures cover the same window: from the last scrape at or before the method
 * began to the last scrape (the experiment waits one scrape interval after its load).
 */
export async function genesysBudget(options: {
  mockUrl: string;
  prometheusUrl: string;
  since: number;
}): Promise<BudgetFigures> {
  const state = (await fetch(`${options.mockUrl}/__admin/state`, { signal: AbortSignal.timeout(5_000) }).then((r) =>
    r.json(),
  )) as { rateLimits: { orgLimits: Record<string, number> } };
  const limits = state.rateLimits.orgLimits;
  const scrapes = await scrapeInstants(options.prometheusUrl);
  const from = scrapes.filter((t) => t <= options.since).at(-1) ?? scrapes[0];
  const to = scrapes.at(-1);
  if (from === undefined || to === undefined || to <= from) {
    throw new Error('Prometheus has not scraped mock-genesys since the method began');
  }
  const [usageView, prometheus] = await Promise.all([
    usageViewCounts(options.mockUrl, from, to, limits),
    prometheusCounts(options.prometheusUrl, from, to, limits),
  ]);
  return budgetFigures(usageView, prometheus, limits);
}
