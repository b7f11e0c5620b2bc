import { errorRateSchema } from '@lab/mock-kit';
import { z } from 'zod';

/** The notifier's error-rate fault: mock-kit's, plus when the error is answered. */
export const notifierErrorRateSchema = errorRateSchema.extend({
  /**
   * Record the notification, then answer the error anyway: the acknowledgement is lost, as when a connection
   * drops after the work was done. A caller that retries without idempotency then delivers twice.
   */
  afterRecording: z.boolean().default(false),
});
export type NotifierErrorRate = z.infer<typeof notifierErrorRateSchema>;
