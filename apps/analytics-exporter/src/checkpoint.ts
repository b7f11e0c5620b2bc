import { z } from 'zod';

/** Export ids name files: letters, digits, "_" and "-" only. */
export const exportIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'exportId must be 1-64 letters, digits, "_" or "-"');

/**
 * The durable state of one export, `<exportId>.checkpoint.json` beside `<exportId>.ndjson`. It is rewritten
 * (atomically) after each page is appended to the NDJSON file and fsynced, so it never claims more than the file
 * holds: `byteOffset` is the file's length after the last completed page, `cursor` the page after it.
 */
export const checkpointSchema = z.object({
  version: z.literal(1),
  exportId: exportIdSchema,
  state: z.enum(['running', 'completed', 'failed']),
  interval: z.string(),
  pageSize: z.number().int().min(1).max(1_000),
  /** The Genesys details job; null before it is created. */
  jobId: z.string().nullable(),
  /** The cursor of the next results page; null for the first page of the job. */
  cursor: z.string().nullable(),
  /**
   * Conversations still to skip from `cursor` on: set to `conversationsWritten` when the job was lost and a new one
   * was created for the same interval (its results come in the same order), decreased as pages are skipped.
   */
  skipRemaining: z.number().int().min(0),
  /** The job's last page is written: what is left is deleting the job and marking the export completed. */
  resultsDone: z.boolean(),
  pagesWritten: z.number().int().min(0),
  conversationsWritten: z.number().int().min(0),
  byteOffset: z.number().int().min(0),
  /** The id of the last conversation written: checks that a new job's order matches the lost one's. */
  lastConversationId: z.string().nullable(),
  /** How many times the process restarted the export from this checkpoint. */
  resumes: z.number().int().min(0),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().optional(),
  error: z.string().optional(),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;
export type ExportState = Checkpoint['state'];

/** A new export's first checkpoint: no job yet, nothing written. */
export function initialCheckpoint(exportId: string, interval: string, pageSize: number, now: Date): Checkpoint {
  return {
    version: 1,
    exportId,
    state: 'running',
    interval,
    pageSize,
    jobId: null,
    cursor: null,
    skipRemaining: 0,
    resultsDone: false,
    pagesWritten: 0,
    conversationsWritten: 0,
    byteOffset: 0,
    lastConversationId: null,
    resumes: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}
