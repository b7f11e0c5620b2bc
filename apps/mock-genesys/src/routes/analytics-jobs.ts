import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { detailsJobSchema } from '../analytics/query.js';
import type { MockContext } from '../context.js';
import { GenesysError, invalidField, notFound } from '../errors.js';
import { parseInput } from '../validation.js';
import { checkPredicates } from './analytics-details.js';

const resultsQuery = z.object({
  cursor: z.string().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(1_000).default(1_000),
});

type JobParams = { Params: { jobId: string } };

/** Async conversation-details jobs: create, poll, page through results with a cursor, delete. */
export async function analyticsJobRoutes(app: FastifyInstance, ctx: MockContext): Promise<void> {
  const base = '/api/v2/analytics/conversations/details/jobs';
  const findJob = (jobId: string) => {
    const job = ctx.jobs.get(jobId);
    if (!job) throw notFound(`Job ${jobId} not found`);
    return job;
  };

  app.post(base, async (request, reply) => {
    const query = checkPredicates(parseInput(detailsJobSchema, request.body ?? {}, 'body'));
    const job = ctx.jobs.create(query, ctx.details.select(query));
    void reply.code(202);
    return { jobId: job.id };
  });

  app.get<JobParams>(`${base}/:jobId`, async (request) => ctx.jobs.status(findJob(request.params.jobId)));

  app.get<JobParams>(`${base}/:jobId/results`, async (request) => {
    const job = findJob(request.params.jobId);
    const state = ctx.jobs.state(job);
    if (state !== 'FULFILLED') {
      throw new GenesysError(
        400,
        `Job ${job.id} is ${state}; results are available once it is FULFILLED`,
        'job.not.fulfilled',
      );
    }
    const { cursor, pageSize } = parseInput(resultsQuery, request.query, 'query');
    const offset = cursor === undefined ? 0 : ctx.jobs.offsetOf(job, cursor);
    if (offset === undefined) throw invalidField('cursor', 'The cursor is not one this job issued');
    if (offset === 'expired') {
      const ttl = ctx.config.MOCK_JOB_CURSOR_TTL_SECONDS;
      throw invalidField('cursor', `The cursor expired (cursors are valid for ${ttl} s); start again without one`);
    }
    const conversations = job.results.slice(offset, offset + pageSize);
    const next = offset + pageSize;
    return {
      conversations,
      ...(next < job.results.length ? { cursor: ctx.jobs.cursorFor(job, next) } : {}),
      dataAvailabilityDate: new Date(job.submittedAt).toISOString(),
    };
  });

  app.delete<JobParams>(`${base}/:jobId`, async (request, reply) => {
    findJob(request.params.jobId);
    ctx.jobs.delete(request.params.jobId);
    return reply.code(202).send();
  });
}
