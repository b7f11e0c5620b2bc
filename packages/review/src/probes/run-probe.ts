import { pause } from '@lab/async';
import { mockAdmin } from '@lab/lab-client';
import { mockConversationIds } from '@lab/lab-runner';
import { JSONPath } from 'jsonpath-plus';
import type { LoadResult } from '../actions/load.js';
import { loadStat, samplesIn } from '../actions/load-stats.js';
import { baseUrl, type LabContext, resolveUrl } from '../lab-context.js';
import { scrapeSum } from '../metrics-text.js';
import { type Form, pickForm } from '../schema/form.js';
import type { Probe, ProbeProvider } from '../schema/probe.js';
import { type BudgetBaseline, genesysBudget } from './genesys-budget.js';
import { maxInWindow } from './max-in-window.js';
import { redisClients } from './redis-clients.js';
import { retryAfterSlackMs } from './retry-after-slack.js';
import { withinTolerance } from './tolerance.js';
import { webhookOutcomes } from './webhook-outcomes.js';

/** What a probe saw, for the journal. */
export interface ProbeOutcome {
  name: string;
  value: unknown;
  ok: boolean;
  severity: 'block' | 'warn';
  why?: string;
  unit?: string;
  /** The whole figure a JSONPath looked into, for the review's own computed figures (budget, outcomes). */
  detail?: unknown;
}

/** What probes may refer to: the loads run so far, when the method began, metric readings taken then. */
export interface ProbeScope {
  loads: Map<string, LoadResult>;
  methodStartedAt: number;
  baselines: Map<string, number>;
  /** The services' Genesys counters when the method began (genesys-budget). */
  budgetBaseline?: BudgetBaseline;
  /** The first value each `fromBaseline` probe read in this run, by probe name. */
  firstReadings: Map<string, number>;
  /** Settings of the side's copy of the target (naive side: the experiment's naiveEnv). */
  env: Record<string, string>;
  form: Form;
  signal: AbortSignal;
}

export const metricKey = (p: Extract<ProbeProvider, { type: 'metric' }>) =>
  `${p.of}|${p.name}|${JSON.stringify(p.labels ?? {})}`;

export async function readMetric(ctx: LabContext, p: Extract<ProbeProvider, { type: 'metric' }>): Promise<number> {
  return scrapeSum(`${baseUrl(ctx, p.of)}/metrics`, p.name, p.labels);
}

let probeCount = 0;
const conversations = new Map<string, Promise<string[]>>();

/** A real conversation id of a mock-genesys, asked once per base URL (its seeded data set does not change). */
async function conversationOf(ctx: LabContext, from: string | undefined): Promise<string> {
  if (!from) return '';
  const url = baseUrl(ctx, from);
  if (!conversations.has(url)) conversations.set(url, mockConversationIds(url, 1));
  return (await conversations.get(url)?.catch(() => []))?.[0] ?? '';
}

async function readProbeValue(ctx: LabContext, provider: ProbeProvider, scope: ProbeScope): Promise<unknown> {
  switch (provider.type) {
    case 'http': {
      const response = await fetch(resolveUrl(ctx, provider.url), {
        method: provider.method,
        headers: provider.body === undefined ? {} : { 'content-type': 'application/json' },
        // `{{contactId}}` gets a fresh id, so that a cached answer cannot stand in for a live one.
        body:
          provider.body === undefined
            ? undefined
            : JSON.stringify(provider.body)
                .replaceAll('{{contactId}}', `probe-${Date.now()}-${++probeCount}`)
                .replaceAll('{{conversationId}}', await conversationOf(ctx, provider.conversationsFrom)),
        signal: AbortSignal.timeout(provider.timeoutMs),
      });
      if (provider.value === 'status') {
        await response.body?.cancel();
        return response.status;
      }
      const text = await response.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
    case 'prometheus': {
      const url = `${ctx.prometheusUrl}/api/v1/query?query=${encodeURIComponent(provider.query)}`;
      const body = (await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json())) as {
        data?: { result?: { value: [number, string] }[] };
      };
      return Number(body.data?.result?.[0]?.value[1] ?? 0);
    }
    case 'metric': {
      const now = await readMetric(ctx, provider);
      return provider.as === 'delta' ? now - (scope.baselines.get(metricKey(provider)) ?? 0) : now;
    }
    case 'mock-requests': {
      const all = await mockAdmin(baseUrl(ctx, provider.mock)).requests({
        since: scope.methodStartedAt,
        route: provider.route,
      });
      if (provider.as === 'retry-after-slack') return retryAfterSlackMs(all);
      const matching = all.filter((r) => provider.status === undefined || r.status === provider.status);
      const count = matching.length;
      if (provider.as === 'count') return count;
      const load = provider.load ? scope.loads.get(provider.load) : undefined;
      if (provider.as === 'max-in-window') {
        const fault = provider.faultSkipMs === undefined ? undefined : load?.fault;
        if (provider.faultSkipMs !== undefined && !fault) throw new Error(`load "${provider.load}" had no fault`);
        const from = fault ? (load?.startedAt ?? 0) + fault.start + (provider.faultSkipMs ?? 0) : 0;
        const to = fault ? (load?.startedAt ?? 0) + fault.end : Number.POSITIVE_INFINITY;
        const ats = matching.map((r) => r.at).filter((at) => at >= from && at < to);
        return maxInWindow(ats, provider.windowMs);
      }
      if (!load || load.sent === 0) throw new Error(`no load "${provider.load}" ran before this probe`);
      return count / load.sent;
    }
    case 'jaeger': {
      const url = `${ctx.jaegerUrl}/api/traces?service=${encodeURIComponent(provider.service)}&lookback=${provider.lookbackSeconds}s&limit=1000`;
      const body = (await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json())) as {
        data?: unknown[];
      };
      return body.data?.length ?? 0;
    }
    case 'load': {
      const load = scope.loads.get(provider.load);
      if (!load) throw new Error(`no load "${provider.load}" ran before this probe`);
      return loadStat(samplesIn(load, provider.window), provider.stat);
    }
    case 'genesys-budget':
      return genesysBudget(ctx, provider.mock, scope.budgetBaseline, {
        requests: provider.toleranceRequests,
        share: provider.toleranceShare,
      });
    case 'redis-clients':
      return redisClients(ctx.redisUrl);
    case 'webhook-outcomes': {
      const load = scope.loads.get(provider.load);
      if (!load) throw new Error(`no load "${provider.load}" ran before this probe`);
      const options = {
        notifierUrl: baseUrl(ctx, provider.notifier),
        redisUrl: ctx.redisUrl,
        deadLetterStream: scope.env.DEAD_LETTER_STREAM ?? provider.deadLetterStream,
      };
      // Delivery takes time (a killed worker's entries are reclaimed after their backoff): wait, bounded.
      const deadline = Date.now() + pickForm(provider.withinMs, scope.form);
      let outcomes = await webhookOutcomes(load, options);
      while (outcomes.missing > 0 && Date.now() < deadline && !scope.signal.aborted) {
        await pause(500, scope.signal);
        outcomes = await webhookOutcomes(load, options);
      }
      return outcomes;
    }
  }
}

/** Reads a probe and checks its tolerance; a probe that cannot be read is a deviation that says why. */
export async function runProbe(ctx: LabContext, probe: Probe, scope: ProbeScope): Promise<ProbeOutcome> {
  const base = { name: probe.name, severity: probe.severity, unit: probe.unit };
  try {
    let value = await readProbeValue(ctx, probe.provider, scope);
    if (probe.fromBaseline) {
      if (typeof value !== 'number') throw new Error('fromBaseline needs a number');
      const first = scope.firstReadings.get(probe.name);
      if (first === undefined) scope.firstReadings.set(probe.name, value);
      value -= first ?? value;
    }
    const verdict = withinTolerance(value, probe.tolerance);
    // The journal keeps what the tolerance looked at: the JSONPath's matches, not the whole body.
    const seen =
      'jsonpath' in probe.tolerance
        ? JSONPath({ path: probe.tolerance.jsonpath, json: value as object, wrap: false })
        : value;
    const own = probe.provider.type === 'genesys-budget' || probe.provider.type === 'webhook-outcomes';
    return { ...base, value: seen, ok: verdict.ok, why: verdict.why, ...(own ? { detail: value } : {}) };
  } catch (error) {
    return { ...base, value: null, ok: false, why: `could not read: ${(error as Error).message}` };
  }
}
