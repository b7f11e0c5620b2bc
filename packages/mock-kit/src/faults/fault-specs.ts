import { z } from 'zod';

/** Body of POST /__admin/faults/error-rate. An app with more to say (e.g. when to answer) extends it. */
export const errorRateSchema = z.object({
  /** Share of API requests that fail, 0..1. */
  rate: z.number().min(0).max(1),
  status: z.number().int().min(400).max(599).default(503),
  /** Sent as Retry-After. */
  retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
  /** Fail at most this many requests, then stop. */
  count: z.number().int().min(1).optional(),
});
export type ErrorRateSpec = z.infer<typeof errorRateSchema>;

/** Body of POST /__admin/faults/slow. */
export const slowSchema = z.object({
  delayMs: z.number().int().min(1).max(600_000),
  /** Extra random delay in [0, jitterMs). */
  jitterMs: z.number().int().min(0).max(600_000).default(0),
  /** Share of API requests delayed, 0..1. */
  rate: z.number().min(0).max(1).default(1),
});
export type SlowSpec = z.infer<typeof slowSchema>;

export type FaultKind = 'error-rate' | 'slow';
