import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** Parses input with a zod schema; a failure is a 400 whose message and `field` name the first bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join('.') : where;
  const described = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : where}: ${issue.message}`)
    .join('; ');
  throw new HttpError(400, 'bad_request', `Invalid ${where}: ${described}`, field);
}
