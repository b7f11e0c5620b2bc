import { mockAdmin, scrapeMetrics } from '@lab/lab-client';
import { mockGenesysToken } from '@lab/lab-runner';
import { serviceUrl } from '@lab/topology';
import { baseUrl, type LabContext } from '../lab-context.js';
import {
  busiest,
  countByFamily,
  type ExperimentBudget,
  experimentBudget,
  type FamilyCounts,
} from './budget-figures.js';

/** What the services' counters said when the method began: the baseline of the experiment's count. */
export interface BudgetBaseline {
  at: number;
  services: FamilyCounts;
}

interface MockBudgetState {
  rateLimits: {
    windowSeconds: number;
    orgLimits: FamilyCounts;
    orgUsage: { family: string; used: number; allowed: number }[];
  };
}

const tokens = new Map<string, Promise<string>>();

/**
 * Every service's Genesys requests per family: the sum of `lab_dependency_attempts_total{dependency="genesys"}`
 * over each service's own /metrics (on the naive side the target's copy and the idle lab instance both).
 */
export async function servicesGenesysAttempts(ctx: LabContext): Promise<FamilyCounts> {
  const urls = new Set<string>();
  for (const [name, spec] of Object.entries(ctx.topology.services)) {
    if (spec.kind !== 'service') continue;
    urls.add(baseUrl(ctx, name));
    urls.add(serviceUrl(name, ctx.topology));
  }
  const counts: FamilyCounts = {};
  for (const url of urls) {
    for (const s of await scrapeMetrics(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })) {
      if (s.name !== 'lab_dependency_attempts_total' || s.labels.dependency !== 'genesys') continue;
      const family = s.labels.family ?? 'none';
      counts[family] = (counts[family] ?? 0) + s.value;
    }
  }
  return counts;
}

/** The mock's API usage view (POST /api/v2/usage/query, then its results) over [from, to), per family. */
async function usageView(mockUrl: string, from: number, to: number, limits: FamilyCounts): Promise<FamilyCounts> {
  if (!tokens.has(mockUrl)) tokens.set(mockUrl, mockGenesysToken(mockUrl));
  const token = await (tokens.get(mockUrl) as Promise<string>);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const interval = `${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
  const started = await fetch(`${mockUrl}/api/v2/usage/query`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ interval, groupBy: ['TemplateUri'], metrics: ['Requests'] }),
    signal: AbortSignal.timeout(5_000),
  });
  if (started.status === 401) tokens.delete(mockUrl);
  if (!started.ok) throw new Error(`POST /api/v2/usage/query answered ${started.status}`);
  const { resultsUri } = (await started.json()) as { resultsUri: string };
  const body = (await fetch(`${mockUrl}${resultsUri}`, { headers, signal: AbortSignal.timeout(5_000) }).then((r) =>
    r.json(),
  )) as { results?: { templateUri?: string; requests?: number }[]; queryStatus?: string };
  if (body.queryStatus !== 'Complete') throw new Error(`the usage query is ${body.queryStatus ?? 'unanswered'}`);
  const rows = (body.results ?? []).map((r) => ({
    family: /^\/?api\/v2\/([^/]+)/.exec(r.templateUri ?? '')?.[1],
    count: r.requests ?? 0,
  }));
  return countByFamily(rows, limits);
}

/**
 * The org budget: `window`, the mock's current org windows (what is left right now), and, once the method has
 * begun, `experiment`: the requests since then, from the mock's usage view and from the services' counters, cut
 * at the same two instants (the counters are read directly at both ends: exact counts, see the README).
 */
export async function genesysBudget(
  ctx: LabContext,
  mock: string,
  baseline: BudgetBaseline | undefined,
  tolerance: { requests: number; share: number },
): Promise<{
  window: { share: number; headroom: number; busiestFamily: string | null };
  experiment?: ExperimentBudget;
}> {
  const mockUrl = baseUrl(ctx, mock);
  const state = (await mockAdmin(mockUrl).state()) as unknown as MockBudgetState;
  const limits = state.rateLimits.orgLimits;
  const current = busiest(Object.fromEntries(state.rateLimits.orgUsage.map((u) => [u.family, u.used])), limits);
  const window = { share: current.share, headroom: 1 - current.share, busiestFamily: current.family };
  if (!baseline) return { window };
  const to = Date.now();
  const now = await servicesGenesysAttempts(ctx);
  const services: FamilyCounts = {};
  for (const [family, n] of Object.entries(now)) {
    const delta = n - (baseline.services[family] ?? 0);
    if (limits[family] !== undefined && delta !== 0) services[family] = delta;
  }
  const experiment = experimentBudget({
    usageView: await usageView(mockUrl, baseline.at, to, limits),
    services,
    limits,
    windowMs: to - baseline.at,
    rateWindowSeconds: state.rateLimits.windowSeconds,
    toleranceRequests: tolerance.requests,
    toleranceShare: tolerance.share,
  });
  return { window, experiment };
}
