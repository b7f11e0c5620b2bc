import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });

/**
 * An ISO-8601 interval "start/end" (two date-times with Z or an offset, start before end), as Genesys takes it.
 * Parses to the normalised text `<start>/<end>` in UTC, which is what the export sends and stores.
 */
export const intervalSchema = z
  .string({ error: 'interval is required, as "start/end" in ISO-8601' })
  .transform((text, ctx) => {
    const parts = text.split('/');
    const [startText = '', endText = ''] = parts;
    if (parts.length !== 2 || !isoDateTime.safeParse(startText).success || !isoDateTime.safeParse(endText).success) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not an ISO-8601 interval "start/end" (date-times with Z or an offset)`,
      });
      return z.NEVER;
    }
    const start = Date.parse(startText);
    const end = Date.parse(endText);
    if (end <= start) {
      ctx.addIssue({ code: 'custom', message: 'the interval must end after it starts' });
      return z.NEVER;
    }
    return `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
  });

/** The previous full window of `seconds` before `now`, aligned on multiples of `seconds` since the epoch. */
export function previousWindow(now: number, seconds: number): string {
  const size = seconds * 1_000;
  const end = Math.floor(now / size) * size;
  return `${new Date(end - size).toISOString()}/${new Date(end).toISOString()}`;
}
