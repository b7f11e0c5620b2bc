import type { FastifyInstance } from 'fastify';
import type { PullJob } from '../pull-job.js';

/**
 * POST /pulls: start a pull now (202), unless one is running in this process (409). A pull that another replica
 * is running is accepted here and then skipped (`skipped_overlap` in GET /pulls/last).
 * GET /pulls/last: the last pull's outcome and duration, whether one is running, and the totals by outcome.
 */
export async function pullRoutes(app: FastifyInstance, job: PullJob) {
  app.post('/pulls', async (_request, reply) => {
    if (job.trigger('manual') === 'in_progress') {
      return reply.code(409).send({
        error: 'pull_in_progress',
        message: 'a pull is running in this process; see GET /pulls/last when it ends',
        details: [],
      });
    }
    return reply.code(202).send({ started: true });
  });

  app.get('/pulls/last', async () => ({
    running: job.running,
    last: job.last() ?? null,
    totals: job.totals(),
  }));
}
