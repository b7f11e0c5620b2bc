import type { z } from 'zod';

/** A 4xx answer whose body names the problem: `{error, message, details[{field, message}]}`. */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly details: { field: string; message: string }[] = [],
    readonly status = 400,
    readonly error = 'bad_request',
  ) {
    super(message);
  }
}

/** Parses `input` with `schema` or throws a BadRequest naming every bad field (dotted paths). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : where,
    message: issue.message,
  }));
  throw new BadRequest(`invalid ${where}: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}
