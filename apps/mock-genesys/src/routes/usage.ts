import { randomUUID } from 'node:crypto';
import type { LoggedRequest } from '@lab/mock-kit';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MockContext } from '../context.js';
import { GenesysError, invalidField } from '../errors.js';
import { parseInput } from '../validation.js';

const METRICS = ['Status200', 'Status300', 'Status400', 'Status500', 'Status429', 'Requests'] as const;
const GROUP_BY = ['OAuthClientId', 'OrganizationId', 'UserId', 'TemplateUri', 'HttpMethod'] as const;

/** ApiUsageOrganizationQuery (the SDK's index.d.ts): interval required, the rest optional. */
const usageQuery = z
  .object({
    interval: z.string().regex(/^[^/]+\/[^/]+$/, 'an ISO-8601 interval "start/end"'),
    granularity: z.enum(['Day', 'Week', 'Month']).optional(),
    metrics: z.array(z.enum(METRICS)).min(1).optional(),
    groupBy: z.array(z.enum(GROUP_BY)).max(5).optional(),
  })
  .strict();

const ORGANIZATION_ID = 'lab-org';
const KEPT_EXECUTIONS = 100;
const DAY = 86_400_000;
const bucketStart = (at: number, granularity: string | undefined, from: number): number => {
  if (granularity === 'Day') return Math.floor(at / DAY) * DAY;
  if (granularity === 'Week') return from + Math.floor((at - from) / (7 * DAY)) * 7 * DAY;
  if (granularity === 'Month') return Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), 1);
  return from;
};

/** ApiUsageRows over the mock's request log: one row per group (and date bucket) with the counts by status class. */
export function usageRows(entries: LoggedRequest[], query: z.infer<typeof usageQuery>, from: number, to: number) {
  const groupBy = new Set(query.groupBy ?? []);
  const metrics = new Set(query.metrics ?? METRICS);
  const rows = new Map<string, Record<string, string | number>>();
  for (const entry of entries) {
    if (entry.at < from || entry.at >= to || !entry.route.startsWith('/api/v2/')) continue;
    const group: Record<string, string> = {
      date: new Date(bucketStart(entry.at, query.granularity, from)).toISOString(),
    };
    if (groupBy.has('OAuthClientId')) group.clientId = entry.client ?? 'unknown';
    if (groupBy.has('OAuthClientId')) group.clientName = entry.client ?? 'unknown';
    if (groupBy.has('OrganizationId')) group.organizationId = ORGANIZATION_ID;
    if (groupBy.has('TemplateUri')) group.templateUri = entry.route.replace(/^\//, '').replace(/:(\w+)/g, '{$1}');
    if (groupBy.has('HttpMethod')) group.httpMethod = entry.method;
    const key = JSON.stringify(group);
    const row = rows.get(key) ?? { ...group };
    const bump = (metric: (typeof METRICS)[number], field: string) => {
      if (metrics.has(metric)) row[field] = Number(row[field] ?? 0) + 1;
    };
    bump('Requests', 'requests');
    if (entry.status === 429) bump('Status429', 'status429');
    else
      bump(
        `Status${Math.floor(entry.status / 100)}00` as (typeof METRICS)[number],
        `status${Math.floor(entry.status / 100)}00`,
      );
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * The platform's API usage view: POST /api/v2/usage/query answers {executionId, resultsUri} (UsageExecutionResult);
 * GET /api/v2/usage/query/{executionId}/results answers {results: ApiUsageRow[], queryStatus} (ApiUsageQueryResult).
 * Counted from the mock's own request log (its last requests), so it agrees with GET /__admin/requests; the query
 * runs at once, so queryStatus is always Complete. The last 100 executions are kept.
 */
export async function usageRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  const executions = new Map<string, ReturnType<typeof usageRows>>();
  app.post('/api/v2/usage/query', async (request, reply) => {
    const query = parseInput(usageQuery, request.body ?? {}, 'body');
    const [from, to] = query.interval.split('/').map((part) => Date.parse(part));
    if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) || to <= from) {
      throw invalidField('interval', 'interval must be "start/end" ISO-8601 instants with start before end');
    }
    const executionId = randomUUID();
    executions.set(executionId, usageRows(ctx.requests.entries(), query, from, to));
    for (const old of executions.keys()) {
      if (executions.size <= KEPT_EXECUTIONS) break;
      executions.delete(old);
    }
    return reply.code(202).send({ executionId, resultsUri: `/api/v2/usage/query/${executionId}/results` });
  });
  app.get('/api/v2/usage/query/:executionId/results', async (request) => {
    const { executionId } = parseInput(z.object({ executionId: z.uuid() }), request.params, 'path');
    const results = executions.get(executionId);
    if (!results)
      throw new GenesysError(404, `No usage query execution ${executionId}`, 'not.found', [
        { errorCode: 'not.found', fieldName: 'executionId' },
      ]);
    return { results, queryStatus: 'Complete' };
  });
}
