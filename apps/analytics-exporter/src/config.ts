import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceConfigShape, topologyDefaults } from '@lab/service-kit';
import { z } from 'zod';

/** The repository root, found from this file (apps/analytics-exporter/{src,dist}/config.*). */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const placed = topologyDefaults('analytics-exporter');

/** analytics-exporter's settings: the common service ones plus where exports go and how jobs are waited for. */
export const exporterConfigSchema = z
  .object({
    ...serviceConfigShape,
    SERVICE_PORT: serviceConfigShape.SERVICE_PORT.default(placed.port),
    GENESYS_URL: serviceConfigShape.GENESYS_URL.default(placed.url('GENESYS_URL')),
    /** NDJSON files and their checkpoints; created at start-up. Relative paths are taken from the working dir. */
    EXPORT_DIR: z
      .string()
      .min(1)
      .default(join(repoRoot, '.lab', 'exports'))
      .transform((dir) => resolve(dir)),
    /** Exports running at once; one more answers 429. Exports resumed at start-up are never refused. */
    EXPORT_MAX_RUNNING: int(1, 100).default(2),
    /** Results page size when a request does not say (the platform's maximum is 1000). */
    EXPORT_PAGE_SIZE: int(1, 1_000).default(1_000),
    /** Job polling: first delay, longest delay (the delay doubles, with full jitter between the two). */
    EXPORT_POLL_MIN_MS: int(1).default(500),
    EXPORT_POLL_MAX_MS: int(1).default(5_000),
    /** Longest wait for a job to be FULFILLED before the export fails. */
    EXPORT_JOB_MAX_WAIT_MS: int(1).default(600_000),
    /** Failures in a row (after the Genesys caller's own retries) before an export fails; a page resets it. */
    EXPORT_MAX_STEP_FAILURES: int(1, 100).default(5),
    /** Scheduled export of the previous full window of this many seconds; 0 = off. */
    EXPORT_SCHEDULE_SECONDS: int(0).default(0),
  })
  .refine((c) => c.EXPORT_POLL_MIN_MS <= c.EXPORT_POLL_MAX_MS, {
    message: 'must not exceed EXPORT_POLL_MAX_MS',
    path: ['EXPORT_POLL_MIN_MS'],
  });

export type ExporterConfig = z.infer<typeof exporterConfigSchema>;
