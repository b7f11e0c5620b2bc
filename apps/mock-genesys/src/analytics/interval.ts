import { z } from 'zod';

/** An ISO-8601 interval "start/end" with start before end, parsed to epoch milliseconds. */
export const intervalSchema = z
  .string({ error: 'interval is required, as "start/end" in ISO-8601' })
  .transform((text, ctx) => {
    const [startText, endText, ...rest] = text.split('/');
    const start = Date.parse(startText ?? '');
    const end = Date.parse(endText ?? '');
    if (rest.length > 0 || Number.isNaN(start) || Number.isNaN(end)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not an ISO-8601 interval "start/end"` });
      return z.NEVER;
    }
    if (end <= start) {
      ctx.addIssue({ code: 'custom', message: 'the interval must end after it starts' });
      return z.NEVER;
    }
    return { start, end };
  });

export type Interval = z.infer<typeof intervalSchema>;
