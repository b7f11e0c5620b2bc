import { z } from 'zod';

/** A number that differs between the short form (CI, seconds) and the long form (`--long`). */
export const formNumber = z.union([
  z.number().nonnegative(),
  z.object({ short: z.number().nonnegative(), long: z.number().nonnegative() }).strict(),
]);
export type FormNumber = z.infer<typeof formNumber>;
export type Form = 'short' | 'long';

export function pickForm(value: FormNumber, form: Form): number {
  return typeof value === 'number' ? value : value[form];
}
