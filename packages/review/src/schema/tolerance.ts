import { z } from 'zod';

/**
 * What a probe's value must be, Chaos Toolkit's tolerances: an exact value, a range (inclusive), a regex over the
 * value as text, or a JSONPath into the value whose every match must equal `expect` (or fall in `range`).
 */
export const toleranceSchema = z.union([
  z.object({ exact: z.union([z.number(), z.string(), z.boolean()]) }).strict(),
  z.object({ range: z.tuple([z.number(), z.number()]) }).strict(),
  z.object({ regex: z.string().min(1) }).strict(),
  z
    .object({
      jsonpath: z.string().startsWith('$'),
      expect: z.union([z.number(), z.string(), z.boolean()]).optional(),
      range: z.tuple([z.number(), z.number()]).optional(),
    })
    .strict(),
]);
export type Tolerance = z.infer<typeof toleranceSchema>;
