import { callGenesys, type ServiceContext } from '@lab/service-kit';

/** One conversation of a job's results, written as one NDJSON line. */
export type ExportedConversation = { conversationId?: string } & Record<string, unknown>;

export interface ResultsPage {
  conversations: ExportedConversation[];
  /** The next page's cursor; absent on the last page. */
  cursor?: string | undefined;
}

/** The Genesys async details-job calls an export makes; an interface so that the export loop can be unit-tested. */
export interface DetailsJobs {
  create(interval: string, signal: AbortSignal): Promise<string>;
  status(jobId: string, signal: AbortSignal): Promise<{ state?: string; errorMessage?: string }>;
  results(jobId: string, cursor: string | null, pageSize: number, signal: AbortSignal): Promise<ResultsPage>;
  remove(jobId: string, signal: AbortSignal): Promise<void>;
}

const FAMILY = 'analytics';

/**
 * The details-job calls through `callGenesys`: each is a span, takes the org-wide analytics budget (Redis),
 * is paced by the inin-ratelimit headers and retried on 429/5xx honouring Retry-After by the "genesys" caller.
 * The job is created with an explicit order, so that a new job for the same interval lists the same sequence.
 */
export function genesysDetailsJobs(ctx: ServiceContext): DetailsJobs {
  return {
    create: async (interval, signal) => {
      const { value: body } = await callGenesys(
        ctx,
        { name: 'genesys.create_details_job', family: FAMILY, signal },
        (s) => ctx.genesys.createDetailsJob({ interval, order: 'asc', orderBy: 'conversationStart' }, { signal: s }),
      );
      if (!body.jobId) throw new Error('Genesys accepted the details job without a jobId');
      return body.jobId;
    },
    status: async (jobId, signal) => {
      const { value } = await callGenesys(ctx, { name: 'genesys.get_details_job', family: FAMILY, signal }, (s) =>
        ctx.genesys.getDetailsJob(jobId, { signal: s }),
      );
      return value;
    },
    results: async (jobId, cursor, pageSize, signal) => {
      const { value: body } = await callGenesys(
        ctx,
        { name: 'genesys.get_details_job_results', family: FAMILY, signal },
        (s) => ctx.genesys.getDetailsJobResults(jobId, { pageSize, ...(cursor ? { cursor } : {}), signal: s }),
      );
      return {
        conversations: (body.conversations ?? []) as ExportedConversation[],
        cursor: body.cursor || undefined,
      };
    },
    remove: async (jobId, signal) => {
      await callGenesys(ctx, { name: 'genesys.delete_details_job', family: FAMILY, signal }, (s) =>
        ctx.genesys.deleteDetailsJob(jobId, { signal: s }),
      );
    },
  };
}
