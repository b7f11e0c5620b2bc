import type { z } from 'zod';
import { GenesysError } from './errors.js';

/** Parses input with a zod schema; failures become a 400 whose message and details name each bad field. */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'body' | 'query' | 'path',
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    errorCode: valueAt(input, issue.path) === undefined ? 'missing.field' : 'invalid.value',
    fieldName: issue.path.length > 0 ? issue.path.join('.') : where,
  }));
  const described = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : where}: ${issue.message}`)
    .join('; ');
  throw new GenesysError(400, `Invalid ${where}: ${described}`, 'bad.request', details);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
